#pragma once
// AUTOMATIC1111's "masked content" choices for inpainting: what the masked area starts from.
#include <optional>
#include <string>

#include "core/image/image.h"

namespace reverie::image {

enum class MaskedContent {
    Original,       // the picture as it is
    Fill,           // the hole painted with blurred surrounding colours (image space, below)
    LatentNoise,    // pure noise in the hole (done in latent space by the pipeline)
    LatentNothing,  // zeros in the hole (done in latent space by the pipeline)
};

// "original", "fill", "latent noise", "latent nothing" (A1111's labels) and back.
std::optional<MaskedContent> masked_content_from_name(const std::string& name);
std::string masked_content_name(MaskedContent mode);

// A1111's `fill`: the kept pixels, blurred at radii 256, 64, 16, 4, 2 with their coverage as
// alpha, are layered from coarsest to finest so each masked pixel takes the colour of its nearest
// surroundings. Pixels where mask == 0 come out unchanged. A fully masked image becomes grey.
Image fill_masked(const Image& rgb, const Mask& mask);

// The image-space part of a masked-content choice: `fill` fills, the others return `rgb`.
Image apply_masked_content(const Image& rgb, const Mask& mask, MaskedContent mode);

}  // namespace reverie::image
