// Zip archives (the container of OpenRaster documents): reading any bytes fails only with
// reverie::Error, and what was read writes back to an archive that reads the same.
#include <cstdlib>

#include "core/io/zip_archive.h"
#include "tests/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reverie;
    fuzz::attempt([&] {
        const auto entries = io::read_zip(data, size, size_t(64) << 20);
        const auto again = io::write_zip(entries);
        const auto back = io::read_zip(again.data(), again.size());
        if (back.size() != entries.size()) std::abort();
        for (size_t i = 0; i < back.size(); ++i)
            if (back[i].name != entries[i].name || back[i].data != entries[i].data) std::abort();
    });
    return 0;
}
