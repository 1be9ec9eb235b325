// A1111's extra-network tags in prompts: <lora:NAME:TE:UNET>, te=/unet=, <lyco:…>.
#include "core/adapters/prompt_loras.h"
#include "tests/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reverie;
    try {
        const auto parsed =
            adapters::extract_prompt_loras(std::string(reinterpret_cast<const char*>(data), size));
        // Tags are only ever taken out of the text.
        fuzz::expect(parsed.text.size() <= size, "text longer than the prompt");
        for (const auto& l : parsed.loras) fuzz::expect(!l.name.empty(), "a LoRA without a name");
    } catch (const Error&) {
    }
    return 0;
}
