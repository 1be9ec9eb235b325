#pragma once
// Fitting an input picture to the generation size, in AUTOMATIC1111's img2img resize modes.
#include "core/image/image.h"

namespace reverie::image {

enum class ResizeMode {
    JustResize,     // stretch to the target size
    CropAndResize,  // scale to cover the target, centre-crop the overflow
    ResizeAndFill,  // scale to fit inside, stretch the edge rows/columns over the bars
};

// Any channel count. Lanczos when enlarging, area averaging when shrinking.
Image resize_image(const Image& image, int width, int height);
Image resize_to(const Image& image, int width, int height, ResizeMode mode);

}  // namespace reverie::image
