#pragma once
// PyTorch's own file format (torch.save: .pt embeddings, .ckpt checkpoints, .pth, .bin) read
// without unpickling: torch_zip.h finds the pickle and the storages, restricted_pickle.h rebuilds
// only data (any other global is refused, named), and this turns storages into tensors.
#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace reverie::io {

struct TorchFileContents {
    // Tensors by their path through the saved containers, dot-joined: "state_dict.model.x.weight",
    // "string_to_param.*"; in the order the pickle holds them.
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    // Strings and numbers by path ("name", "step"), as text.
    std::map<std::string, std::string> values;
};

// Throws reverie::Error naming the file and the problem: not a torch zip (legacy pre-1.6 files
// included), a global it asks for (named), storages outside the archive, views past their
// storage.
TorchFileContents read_torch_file(const std::string& path);
TorchFileContents read_torch_bytes(const std::string& what, const uint8_t* data, uint64_t size);

}  // namespace reverie::io
