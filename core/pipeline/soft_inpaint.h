#pragma once
// Soft inpainting, as differential diffusion (Levin & Fried, 2023) does it: the mask's grey level
// is a per-cell strength. A cell of strength m stays on the re-noised original until the run has
// walked the fraction 1 − m of its steps, then follows the sampler; so 0 keeps the original, 1 is
// regenerated from the first step, and everything between blends by how long it was free.
#include <torch/torch.h>

#include "core/image/image.h"

namespace reverie::pipeline {

// The mask at latent resolution, each cell the mean of its pixels: [1, 1, H/f, W/f] in [0, 1].
torch::Tensor soft_latent_mask(const image::Mask& mask, int scale_factor);

// The cells free to follow the sampler after step `k` of `n` (1-based): strength > 1 − k/n, as
// 0/1 floats of `strength`'s shape.
torch::Tensor differential_region(const torch::Tensor& strength, int k, int n);

}  // namespace reverie::pipeline
