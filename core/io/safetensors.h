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

namespace reverie::io {

struct TensorInfo {
    std::string name;
    std::string dtype;  // as written in the file: "F32", "F16", "BF16", "I64", ...
    std::vector<int64_t> shape;
    uint64_t begin = 0;  // byte offsets relative to the start of the data area
    uint64_t end = 0;
};

class MappedFile;

class SafetensorsFile {
  public:
    // Throws reverie::Error naming the file and the problem for anything malformed.
    static std::shared_ptr<SafetensorsFile> open(const std::string& path);

    const std::string& path() const { return path_; }
    const std::vector<std::string>& keys() const { return keys_; }  // in file order
    bool contains(const std::string& name) const { return index_.count(name) != 0; }
    const TensorInfo& info(const std::string& name) const;
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
};

// Parses and validates a header (the JSON bytes) against a data area of `data_size` bytes. Exposed
// for the fuzzer and the tests; `what` names the source in error messages.
void parse_header(const std::string& what, const char* json, size_t json_size, uint64_t data_size,
                  std::vector<TensorInfo>& infos, std::map<std::string, std::string>& metadata);

// Bytes per element of a safetensors dtype name; throws for names this build does not know.
size_t dtype_size(const std::string& dtype, const std::string& what);
torch::ScalarType to_scalar_type(const std::string& dtype, const std::string& what);
std::string from_scalar_type(torch::ScalarType type);

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// Writes tensors (any device, contiguous or not) atomically: a temporary file renamed into place.
void save_safetensors(const std::string& path, const NamedTensors& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace reverie::io
