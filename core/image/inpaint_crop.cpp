#include "core/image/inpaint_crop.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "core/common/error.h"
#include "core/image/cv_bridge.h"
#include "core/image/image_resize.h"

namespace reverie::image {

std::optional<Box> mask_bounds(const Mask& mask) {
    if (mask.channels != 1) throw Error("mask_bounds needs a single-channel mask");
    std::vector<cv::Point> points;
    cv::findNonZero(as_mat(mask), points);
    if (points.empty()) return std::nullopt;
    const cv::Rect r = cv::boundingRect(points);
    return Box{r.x, r.y, r.x + r.width, r.y + r.height};
}

Box crop_box(const Mask& mask, int padding, int target_width, int target_height) {
    const auto bounds = mask_bounds(mask);
    if (!bounds) throw Error("The inpainting mask is empty: paint the area to regenerate");
    if (target_width <= 0 || target_height <= 0)
        throw Error("crop_box needs a positive target size");
    const int iw = mask.width, ih = mask.height;
    int x1 = std::max(bounds->x1 - padding, 0), y1 = std::max(bounds->y1 - padding, 0);
    int x2 = std::min(bounds->x2 + padding, iw), y2 = std::min(bounds->y2 + padding, ih);

    // Grows one axis to the target ratio around its centre, then slides it back inside [0, limit].
    auto expand = [](int& lo, int& hi, double desired, int limit) {
        const int diff = int(desired - (hi - lo));
        lo -= diff / 2;
        hi += diff - diff / 2;
        if (hi >= limit) {
            lo -= hi - limit;
            hi = limit;
        }
        if (lo < 0) {
            hi -= lo;
            lo = 0;
        }
        hi = std::min(hi, limit);
    };
    const double ratio_crop = double(x2 - x1) / double(y2 - y1);
    const double ratio_target = double(target_width) / double(target_height);
    if (ratio_crop > ratio_target)
        expand(y1, y2, (x2 - x1) / ratio_target, ih);
    else
        expand(x1, x2, (y2 - y1) * ratio_target, iw);
    return Box{x1, y1, x2, y2};
}

Image paste_back(const Image& original, const Image& generated_crop, const Box& box,
                 const Mask& mask, int feather_px) {
    if (original.empty() || generated_crop.empty() || generated_crop.channels != original.channels)
        throw Error("paste_back needs two non-empty images with the same channels");
    if (mask.channels != 1 || mask.width != original.width || mask.height != original.height)
        throw Error("paste_back needs a single-channel mask of the original's size");
    if (box.x1 < 0 || box.y1 < 0 || box.x2 > original.width || box.y2 > original.height ||
        box.width() <= 0 || box.height() <= 0)
        throw Error("paste_back: the box lies outside the image");
    const Image gen = resize_image(generated_crop, box.width(), box.height());
    const cv::Rect roi(box.x1, box.y1, box.width(), box.height());
    const cv::Mat m = as_mat(mask)(roi);

    // Distance (px) from every box pixel to the nearest masked pixel.
    cv::Mat outside = m <= 127, dist;
    cv::distanceTransform(outside, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE);
    const float f = float(std::max(feather_px, 0));

    Image out = original;
    const int c = original.channels;
    for (int y = 0; y < roi.height; ++y) {
        const float* d = dist.ptr<float>(y);
        const uint8_t* mk = m.ptr<uint8_t>(y);
        const uint8_t* g = gen.row(y);
        uint8_t* o = out.row(box.y1 + y) + size_t(box.x1) * c;
        for (int x = 0; x < roi.width; ++x) {
            float ramp =
                f > 0 ? std::max(0.0f, 1.0f - d[x] / (f + 1.0f)) : (d[x] == 0 ? 1.0f : 0.0f);
            if (f > 0) {
                // Box sides inside the image border original pixels: reach zero before them.
                float edge = 1.0f;
                if (box.x1 > 0) edge = std::min(edge, x / f);
                if (box.y1 > 0) edge = std::min(edge, y / f);
                if (box.x2 < original.width) edge = std::min(edge, (roi.width - 1 - x) / f);
                if (box.y2 < original.height) edge = std::min(edge, (roi.height - 1 - y) / f);
                ramp *= edge;
            }
            const float a = std::max(mk[x] / 255.0f, ramp);
            if (a <= 0.0f) continue;
            for (int k = 0; k < c; ++k) {
                const size_t i = size_t(x) * c + k;
                o[i] = a >= 1.0f ? g[i] : uint8_t(std::lround(a * g[i] + (1.0f - a) * o[i]));
            }
        }
    }
    return out;
}

}  // namespace reverie::image
