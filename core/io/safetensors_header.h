#pragma once
// The part of safetensors that reads untrusted bytes: the 8-byte header length and the JSON
// tensor table. No torch here, so the fuzzer and the tests can drive it on its own; every number
// is validated before it is trusted, because checkpoints come from strangers.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace reverie::io {

struct TensorInfo {
    std::string name;
    std::string dtype;  // as written in the file: "F32", "F16", "BF16", "I64", ...
    std::vector<int64_t> shape;
    uint64_t begin = 0;  // byte offsets relative to the start of the data area
    uint64_t end = 0;
};

// Parses and validates a header (the JSON bytes) against a data area of `data_size` bytes. `what`
// names the source in error messages (reverie::Error).
void parse_header(const std::string& what, const char* json, size_t json_size, uint64_t data_size,
                  std::vector<TensorInfo>& infos, std::map<std::string, std::string>& metadata);

// Validates a whole file's bytes (length prefix, header, tensor table against the file size) and
// returns the offset of the data area.
uint64_t parse_safetensors(const std::string& what, const uint8_t* file, uint64_t file_size,
                           std::vector<TensorInfo>& infos,
                           std::map<std::string, std::string>& metadata);

// Bytes per element of a safetensors dtype name; throws for names this build does not know.
size_t dtype_size(const std::string& dtype, const std::string& what);

}  // namespace reverie::io
