#pragma once
// Prompt text -> the conditioning tensor the UNet cross-attends to.
#include <torch/torch.h>

#include <string>

#include "core/models/clip_text_model.h"
#include "core/text/tokenizer.h"

namespace reverie::pipeline {

struct PromptEncoder {
    const text::Tokenizer& tokenizer;
    ClipTextModel& text_encoder;
    torch::Device device;
    int clip_skip = 1;           // A1111 count
    int negative_clip_skip = 1;  // likewise, for the negative prompt
    bool prompt_syntax = true;   // A1111 chunks + emphasis, else diffusers' single row
};

// Both prompts of a guided generation, with the same number of 77-token chunks (A1111 pads the
// shorter one with empty chunks), as [1, 77·chunks, D] float tensors on the encoder's device.
struct EncodedPrompts {
    torch::Tensor positive;
    torch::Tensor negative;  // undefined when `with_negative` was false
};

EncodedPrompts encode_prompts(const PromptEncoder& encoder, const std::string& prompt,
                              const std::string& negative_prompt, bool with_negative);

}  // namespace reverie::pipeline
