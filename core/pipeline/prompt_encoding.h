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

// SDXL's text conditioning: each tower's hidden state `layer_from_end` from the end (2 = the
// penultimate block's output, no final LayerNorm), side by side ([CLIP-L ‖ bigG]), and bigG's
// projected pooled output of the first chunk (what A1111 and SGM pool). The refiner has bigG only.
struct SdxlTextEncoders {
    const text::Tokenizer* tokenizer = nullptr;  // CLIP-L; null for the refiner
    ClipTextModel* text_encoder = nullptr;
    const text::Tokenizer& tokenizer_2;  // OpenCLIP bigG
    ClipTextModel& text_encoder_2;
    torch::Device device;
    int layer_from_end = 2;
    bool prompt_syntax = true;
};

struct SdxlPrompts {
    std::string prompt, prompt_2;                    // prompt_2 "" = prompt (diffusers)
    std::string negative_prompt, negative_prompt_2;  // likewise
    bool with_negative = false;
    // An empty negative prompt gives zero embeddings and a zero pooled vector (SDXL's
    // force_zeros_for_empty_prompt; A1111 and SGM do the same).
    bool zero_empty_negative = true;
};

struct SdxlEncodedPrompts {
    torch::Tensor positive, negative;                // [1, 77·chunks, D1 + D2]
    torch::Tensor positive_pooled, negative_pooled;  // [1, projection_dim]
};

SdxlEncodedPrompts encode_prompts(const SdxlTextEncoders& encoders, const SdxlPrompts& prompts);

}  // namespace reverie::pipeline
