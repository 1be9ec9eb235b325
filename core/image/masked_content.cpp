#include "core/image/masked_content.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "core/common/error.h"
#include "core/image/cv_bridge.h"

namespace reverie::image {
namespace {

// Three box passes approximate a Gaussian of that sigma at a cost independent of the radius,
// the way PIL's GaussianBlur (which A1111's fill relies on) does it.
cv::Mat box_gaussian(const cv::Mat& src, double sigma) {
    if (sigma <= 0) return src.clone();
    int w = int(std::lround(std::sqrt(4.0 * sigma * sigma + 1.0)));
    if (w % 2 == 0) ++w;
    w = std::min(w, 2 * std::max(src.cols, src.rows) + 1);
    cv::Mat out = src.clone();
    for (int pass = 0; pass < 3; ++pass)
        cv::blur(out, out, cv::Size(w, w), {-1, -1}, cv::BORDER_REPLICATE);
    return out;
}

}  // namespace

std::optional<MaskedContent> masked_content_from_name(const std::string& name) {
    if (name == "original") return MaskedContent::Original;
    if (name == "fill") return MaskedContent::Fill;
    if (name == "latent noise") return MaskedContent::LatentNoise;
    if (name == "latent nothing") return MaskedContent::LatentNothing;
    return std::nullopt;
}

std::string masked_content_name(MaskedContent mode) {
    switch (mode) {
        case MaskedContent::Original:
            return "original";
        case MaskedContent::Fill:
            return "fill";
        case MaskedContent::LatentNoise:
            return "latent noise";
        case MaskedContent::LatentNothing:
            return "latent nothing";
    }
    return "original";
}

Image fill_masked(const Image& rgb, const Mask& mask) {
    if (rgb.empty() || rgb.channels != 3) throw Error("fill_masked needs an RGB image");
    if (mask.channels != 1 || mask.width != rgb.width || mask.height != rgb.height)
        throw Error("fill_masked needs a single-channel mask of the image's size");

    // Premultiplied RGBA where alpha is how much of the pixel is kept.
    cv::Mat keep, colour, layer;
    as_mat(mask).convertTo(keep, CV_32F, -1.0 / 255.0, 1.0);
    as_mat(rgb).convertTo(colour, CV_32FC3);
    std::vector<cv::Mat> ch;
    cv::split(colour, ch);
    for (auto& c : ch) c = c.mul(keep);
    ch.push_back(keep);
    cv::merge(ch, layer);

    cv::Mat acc(layer.size(), CV_32FC4, cv::Scalar::all(0));
    const std::pair<double, int> passes[] = {{256, 1}, {64, 1}, {16, 2}, {4, 4}, {2, 2}, {0, 1}};
    for (const auto& [radius, repeats] : passes) {
        const cv::Mat blurred = box_gaussian(layer, radius);
        for (int r = 0; r < repeats; ++r) {
            // "over" in premultiplied form: acc = layer + acc * (1 - layer.alpha)
            for (int y = 0; y < acc.rows; ++y) {
                auto* a = acc.ptr<cv::Vec4f>(y);
                const auto* l = blurred.ptr<cv::Vec4f>(y);
                for (int x = 0; x < acc.cols; ++x) a[x] = l[x] + a[x] * (1.0f - l[x][3]);
            }
        }
    }

    Image out = rgb;
    for (int y = 0; y < out.height; ++y) {
        const auto* a = acc.ptr<cv::Vec4f>(y);
        for (int x = 0; x < out.width; ++x) {
            if (mask.at(x, y) == 0) continue;
            for (int c = 0; c < 3; ++c) {
                const float v = a[x][3] > 1e-6f ? a[x][c] / a[x][3] : 128.0f;
                out.at(x, y, c) = uint8_t(std::clamp(std::lround(v), 0L, 255L));
            }
        }
    }
    return out;
}

Image apply_masked_content(const Image& rgb, const Mask& mask, MaskedContent mode) {
    return mode == MaskedContent::Fill ? fill_masked(rgb, mask) : rgb;
}

}  // namespace reverie::image
