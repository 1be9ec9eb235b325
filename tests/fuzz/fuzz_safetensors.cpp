// A whole safetensors file: the 8-byte header length, the JSON header, the tensor table.
#include "core/io/safetensors_header.h"
#include "tests/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reverie;
    std::vector<io::TensorInfo> infos;
    std::map<std::string, std::string> metadata;
    try {
        const uint64_t data_offset = io::parse_safetensors("fuzz", data, size, infos, metadata);
        // Whatever was accepted must lie inside the file and match its dtype and shape, because
        // the loader hands out views of exactly those bytes.
        for (const auto& i : infos) {
            fuzz::expect(i.begin <= i.end && data_offset + i.end <= size, "tensor outside file");
            uint64_t numel = 1;
            for (int64_t d : i.shape) numel *= static_cast<uint64_t>(d);
            fuzz::expect(numel * io::dtype_size(i.dtype, "fuzz") == i.end - i.begin,
                         "tensor size does not match its shape");
        }
    } catch (const Error&) {
    }
    return 0;
}
