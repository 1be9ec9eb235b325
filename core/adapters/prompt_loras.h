#pragma once
// A1111's extra-network syntax in prompts: `<lora:NAME>`, `<lora:NAME:0.8>`,
// `<lora:NAME:TE:UNET>` (the second number the UNet's, defaulting to the first) and the named
// forms `te=` / `unet=`; `<lyco:…>` is the same. The tags are taken out of the text the encoder
// sees; the names are looked up as files in the LoRA folders.
#include <optional>
#include <string>
#include <vector>

namespace reverie::adapters {

struct PromptLora {
    std::string name;
    double text_encoder = 1.0;
    double unet = 1.0;
};

struct PromptLoras {
    std::string text;               // the prompt without the tags
    std::vector<PromptLora> loras;  // in prompt order
};

// Throws reverie::Error naming the tag for a multiplier that is not a number.
PromptLoras extract_prompt_loras(const std::string& prompt);

// NAME.safetensors (file base name, case-sensitive as A1111 on Linux) anywhere under the first of
// `dirs` that has it; nullopt when none does.
std::optional<std::string> find_lora_file(const std::string& name,
                                          const std::vector<std::string>& dirs);

}  // namespace reverie::adapters
