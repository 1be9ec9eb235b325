#pragma once
// RGB8 pictures <-> the float tensors the VAE encodes and decodes.
#include <torch/torch.h>

#include <vector>

#include "core/image/image.h"

namespace reverie::image {

// RGB (or grey, repeated) -> float32 [1, 3, H, W] in [-1, 1], as diffusers' VaeImageProcessor
// preprocess (x / 255 * 2 - 1).
torch::Tensor image_to_tensor(const Image& rgb);

// [1, 3, H, W] or [3, H, W] in [-1, 1] -> RGB8, as diffusers' postprocess + numpy_to_pil:
// ((x / 2 + 0.5).clamp(0, 1) * 255).round(). Any dtype/device; NaN counts as 0 (mid-grey).
Image tensor_to_image(const torch::Tensor& t);
// Every image of a [N, 3, H, W] batch.
std::vector<Image> tensor_to_images(const torch::Tensor& batch);

}  // namespace reverie::image
