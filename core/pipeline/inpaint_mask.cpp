#include "core/pipeline/inpaint_mask.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/common/error.h"
#include "core/image/mask_ops.h"

namespace reverie::pipeline {

image::Mask prepare_mask(const image::Mask& mask, int width, int height, const MaskOptions& options,
                         std::vector<std::string>& warnings) {
    if (mask.empty() || mask.channels != 1)
        throw Error("The inpainting mask must be a non-empty single-channel picture.");
    image::Mask m = mask;
    const int w0 = m.width, h0 = m.height;
    if (image::fit_mask(m, width, height))
        warnings.push_back("The mask (" + std::to_string(w0) + "x" + std::to_string(h0) +
                           ") was resized to the image size " + std::to_string(width) + "x" +
                           std::to_string(height) + ".");
    if (options.invert) m = image::invert(m);
    if (options.grow != 0) m = image::grow(m, options.grow);
    if (options.blur > 0) m = image::blur(m, options.blur);
    if (image::is_empty(m))
        throw Error("The inpainting mask is empty: paint (white) the area to regenerate.");
    return m;
}

image::Image crop(const image::Image& img, const image::Box& box) {
    if (box.x1 < 0 || box.y1 < 0 || box.x2 > img.width || box.y2 > img.height || box.width() <= 0 ||
        box.height() <= 0)
        throw Error("The crop box lies outside the picture.");
    image::Image out(box.width(), box.height(), img.channels);
    for (int y = 0; y < out.height; ++y)
        std::memcpy(out.row(y), img.row(box.y1 + y) + size_t(box.x1) * img.channels, out.stride());
    return out;
}

image::Image composite(const image::Image& original, const image::Image& generated,
                       const image::Mask& mask) {
    image::Image out = generated;
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x) {
            const float a = mask.at(x, y) / 255.0f;
            for (int c = 0; c < out.channels; ++c) {
                const float v = original.at(x, y, c) * (1 - a) + generated.at(x, y, c) * a;
                out.at(x, y, c) = uint8_t(std::clamp(std::lround(v), 0L, 255L));
            }
        }
    return out;
}

}  // namespace reverie::pipeline
