// PyTorch's torch.save format: the zip directory and the restricted pickle reader, both on the
// same hostile bytes (a pickle alone, or a zip around one).
#include "core/io/restricted_pickle.h"
#include "core/io/torch_zip.h"
#include "tests/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reverie;
    try {
        for (const auto& [name, entry] : io::read_zip_directory("fuzz", data, size)) {
            fuzz::expect(entry.offset <= size && entry.size <= size - entry.offset,
                         "zip entry outside the file");
            if (name.size() > 8 && name.compare(name.size() - 8, 8, "data.pkl") == 0)
                io::read_restricted_pickle("fuzz", data + entry.offset, size_t(entry.size));
        }
    } catch (const Error&) {
    }
    try {
        io::read_restricted_pickle("fuzz", data, size);
    } catch (const Error&) {
    }
    return 0;
}
