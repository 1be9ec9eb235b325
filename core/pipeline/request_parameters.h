#pragma once
// GenerationRequest <-> AUTOMATIC1111's generation parameters (the PNG "parameters" text).
#include <cstdint>
#include <string>

#include "core/image/generation_parameters.h"
#include "core/pipeline/generation_request.h"

namespace reverie::pipeline {

// What a finished generation writes: the seed actually used and the real size.
image::GenerationParameters to_generation_parameters(const GenerationRequest& request,
                                                     uint64_t seed, int width, int height,
                                                     const std::string& model_name);

// Copies the fields A1111 text carries into `request` (prompts, sampler, steps, cfg, seed, size,
// clip skip, strength).
void apply_generation_parameters(const image::GenerationParameters& params,
                                 GenerationRequest& request);

}  // namespace reverie::pipeline
