#pragma once
// What one local generation gives back, with the tensors of its stages.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/image/image.h"

namespace reverie::pipeline {

// Tensors of the stages, as diffusers names them, for parity tests and debugging.
struct GenerationStages {
    torch::Tensor prompt_embeds;           // [1, 77·chunks, D]
    torch::Tensor negative_prompt_embeds;  // undefined when guidance is off
    torch::Tensor pooled_prompt_embeds;           // SDXL: [1, P]
    torch::Tensor negative_pooled_prompt_embeds;  // SDXL, guided
    torch::Tensor add_time_ids;                   // SDXL: [1, 6] (refiner: [1, 5])
    torch::Tensor negative_add_time_ids;
    torch::Tensor noise;                   // the Gaussian noise drawn for the start latent
    torch::Tensor image_latents;           // init image latent × scaling factor
    torch::Tensor initial_latents;         // what the sampler starts from
    torch::Tensor mask_latent;             // [1, 1, h, w] (inpainting)
    torch::Tensor masked_image_latents;    // [1, 4, h, w] (inpainting)
};

struct GenerationResult {
    image::Image image;      // RGB8; inpainting composites it over the original
    torch::Tensor decoded;   // float32 CPU [1, 3, H, W] in [-1, 1], before clamping
    torch::Tensor latents;   // float32 CPU: as the sampler ends, before ÷ scaling factor
    uint64_t seed = 0;       // the seed actually used
    std::string parameters;  // A1111 infotext for the PNG "parameters" chunk
    std::vector<std::string> warnings;
    GenerationStages stages;
};

}  // namespace reverie::pipeline
