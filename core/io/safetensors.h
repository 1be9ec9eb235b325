#pragma once
// Safetensors: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
// shape and byte range, then the raw data. Reading memory-maps the file and hands out zero-copy
// views; every number in the header is validated before it is trusted, because checkpoints come
// from strangers.
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/io/mapped_file.h"
#include "core/io/safetensors_header.h"

namespace reverie::io {

class SafetensorsFile {
  public:
    // Throws reverie::Error naming the file and the problem for anything malformed. LoadMode::Copy
    // reads the file instead of mapping it (see mapped_file.h: a mapped file truncated later
    // brings the process down).
    static std::shared_ptr<SafetensorsFile> open(const std::string& path,
                                                 LoadMode mode = default_load_mode());
    // Tensors already in memory behind the same interface (a pickled checkpoint read by the
    // restricted reader, torch_pickle.h): names in the given order, dtypes as safetensors says.
    static std::shared_ptr<SafetensorsFile> in_memory(
        const std::string& path, std::vector<std::pair<std::string, torch::Tensor>> tensors);

    const std::string& path() const { return path_; }
    const std::vector<std::string>& keys() const { return keys_; }  // in file order
    bool contains(const std::string& name) const { return index_.count(name) != 0; }
    const TensorInfo& info(const std::string& name) const;
    const std::vector<TensorInfo>& infos() const { return infos_; }  // in header order
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    uint64_t file_size() const;

    // A CPU tensor viewing the mapped bytes (kept alive by the view). Copy-on-write: writing to it
    // never touches the file. Misaligned data is copied instead.
    torch::Tensor tensor(const std::string& name) const;

  private:
    SafetensorsFile() = default;
    std::string path_;
    std::shared_ptr<MappedFile> map_;
    const uint8_t* data_ = nullptr;  // start of the data area
    std::vector<std::string> keys_;
    std::map<std::string, size_t> index_;
    std::vector<TensorInfo> infos_;
    std::map<std::string, std::string> metadata_;
    std::vector<torch::Tensor> held_;  // in_memory(): one per info, else empty
};

torch::ScalarType to_scalar_type(const std::string& dtype, const std::string& what);
std::string from_scalar_type(torch::ScalarType type);

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// Writes tensors (any device, contiguous or not) atomically: a temporary file renamed into place.
void save_safetensors(const std::string& path, const NamedTensors& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace reverie::io
