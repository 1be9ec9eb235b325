#pragma once
// Inpainting masks: single-channel 8-bit, white (255) = regenerate, black = keep.
#include <torch/torch.h>

#include <string>

#include "core/image/image.h"
#include "core/image/latent_mask_mode.h"

namespace reverie::image {

struct LoadedMask {
    Mask mask;
    // Empty when the file already had the image's size; otherwise a sentence for the user saying
    // the mask was resized from what to what.
    std::string resized_warning;
};

// Loads a mask file: an RGBA file with real transparency gives its alpha (opaque = regenerate,
// the convention of mask layers painted over a transparent background); anything else its
// luminance. When width/height are given and differ, the mask is stretched to them (nearest
// for binary masks keeps them binary, area/linear otherwise) and the warning says so.
LoadedMask load_mask(const std::string& path, int width = 0, int height = 0);

// Grey/RGB/RGBA -> mask: luminance for grey/RGB, alpha for RGBA.
Mask mask_from_image(const Image& image);
// Transparency as an outpainting mask: transparent (alpha 0) = regenerate.
Mask mask_from_alpha(const Image& alpha);

// Stretches a mask to width x height; returns whether it changed size.
bool fit_mask(Mask& mask, int width, int height);

bool is_empty(const Mask& mask);  // nothing to inpaint (every pixel is 0)
Mask invert(const Mask& mask);
// Dilates (pixels > 0) or erodes (pixels < 0) by a disc of that radius.
Mask grow(const Mask& mask, int pixels);
// AUTOMATIC1111's mask_blur: a Gaussian of sigma = radius, kernel 2 * int(2.5 * sigma + 0.5) + 1,
// applied horizontally then vertically (its processing.py, separable x / y blur).
Mask blur(const Mask& mask, double radius);
Mask blur(const Mask& mask, double radius_x, double radius_y);
// Every pixel > 127 becomes 255, the rest 0.
Mask binarize(const Mask& mask);

// The mask as float32 [1, 1, H, W] in [0, 1]; with binarize, < 0.5 -> 0 and >= 0.5 -> 1 as
// diffusers' mask processor does for inpainting.
torch::Tensor mask_to_tensor(const Mask& mask, bool binarize = true);
// The mask at latent resolution, [1, 1, H/8, W/8].
torch::Tensor latent_mask(const Mask& mask, int scale_factor = 8,
                          LatentMaskMode mode = LatentMaskMode::Nearest);
// image_to_tensor(rgb) with the masked pixels zeroed (the "masked_image" of diffusers' inpaint
// pipeline): [1, 3, H, W].
torch::Tensor masked_image_tensor(const Image& rgb, const Mask& mask);

}  // namespace reverie::image
