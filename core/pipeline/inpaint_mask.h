#pragma once
// The image-space side of inpainting: the user's mask made ready for the pipeline, cropping for
// "inpaint only masked", and putting the kept pixels back.
#include <string>
#include <vector>

#include "core/image/image.h"
#include "core/pipeline/generation_request.h"

namespace reverie::pipeline {

// Fits `mask` to width × height (with a warning when it had another size), then inverts, grows and
// blurs it as `options` say. Throws reverie::Error when nothing is left to inpaint.
image::Mask prepare_mask(const image::Mask& mask, int width, int height, const MaskOptions& options,
                         std::vector<std::string>& warnings);

// The pixels of `box` (inside the image) as a new image.
image::Image crop(const image::Image& image, const image::Box& box);

// original · (1 − mask) + generated · mask per pixel, mask as alpha: pixels the mask keeps come
// back byte-identical, whatever the VAE did to them.
image::Image composite(const image::Image& original, const image::Image& generated,
                       const image::Mask& mask);

}  // namespace reverie::pipeline
