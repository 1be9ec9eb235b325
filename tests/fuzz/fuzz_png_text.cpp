// PNG text chunks (tEXt, zTXt, iTXt), the A1111 "parameters" text they carry, and rewriting them.
#include "core/image/generation_parameters.h"
#include "core/image/png_parameters.h"
#include "tests/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reverie;
    for (const auto& chunk : image::read_png_text(data, size))
        if (chunk.first == "parameters")
            fuzz::attempt([&] { image::parse_a1111_text(chunk.second); });
    // The bytes as an infotext themselves: "PNG Info" pastes and --from-png read any text.
    fuzz::attempt(
        [&] { image::parse_a1111_text(std::string(reinterpret_cast<const char*>(data), size)); });
    fuzz::attempt([&] {
        image::insert_png_text(std::vector<uint8_t>(data, data + size), {{"parameters", "x"}});
    });
    return 0;
}
