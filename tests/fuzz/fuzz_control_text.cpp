// A ControlNet unit's A1111 infotext ("Module: canny, Model: ..., Weight: 1, ..."), as --from-png
// reads it from any PNG's parameters.
#include "core/image/generation_parameters.h"
#include "core/pipeline/control_parameters.h"
#include "tests/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reverie;
    const std::string text(reinterpret_cast<const char*>(data), size);
    fuzz::attempt([&] { pipeline::parse_control_unit_text(text); });
    fuzz::attempt([&] { pipeline::control_units_from_extra(image::parse_a1111_text(text).extra); });
    return 0;
}
