#include "core/image/mask_ops.h"

#include <opencv2/imgproc.hpp>

#include "core/common/error.h"
#include "core/image/cv_bridge.h"
#include "core/image/image_io.h"
#include "core/image/image_tensor.h"

namespace reverie::image {
namespace {

void require_mask(const Mask& mask, const char* what) {
    if (mask.empty() || mask.channels != 1)
        throw Error(std::string(what) + " needs a non-empty single-channel mask");
}

bool is_binary(const Mask& mask) {
    for (const uint8_t v : mask.data)
        if (v != 0 && v != 255) return false;
    return true;
}

}  // namespace

Mask mask_from_image(const Image& image) {
    if (image.empty()) throw Error("Cannot make a mask from an empty image");
    cv::Mat grey;
    switch (image.channels) {
        case 1:
            return image;
        case 3:
            cv::cvtColor(as_mat(image), grey, cv::COLOR_RGB2GRAY);
            break;
        case 4:
            cv::extractChannel(as_mat(image), grey, 3);
            break;
        default:
            throw Error("Cannot make a mask from a " + std::to_string(image.channels) +
                        "-channel image");
    }
    return from_mat(grey);
}

Mask mask_from_alpha(const Image& alpha) {
    require_mask(alpha, "mask_from_alpha");
    return invert(alpha);
}

bool fit_mask(Mask& mask, int width, int height) {
    require_mask(mask, "fit_mask");
    if (width <= 0 || height <= 0 || (mask.width == width && mask.height == height)) return false;
    cv::Mat out;
    const bool shrinking = width <= mask.width && height <= mask.height;
    const int interp = is_binary(mask) ? cv::INTER_NEAREST
                       : shrinking     ? cv::INTER_AREA
                                       : cv::INTER_LINEAR;
    cv::resize(as_mat(mask), out, cv::Size(width, height), 0, 0, interp);
    mask = from_mat(out);
    return true;
}

LoadedMask load_mask(const std::string& path, int width, int height) {
    LoadOptions opts;
    opts.background = {0, 0, 0};
    LoadedImage img = load_image(path, opts);
    LoadedMask out;
    // A painted layer over transparency: what was painted (opaque) is what to regenerate.
    out.mask = img.transparent ? img.alpha : mask_from_image(img.rgb);
    const int w0 = out.mask.width, h0 = out.mask.height;
    if (fit_mask(out.mask, width, height))
        out.resized_warning = "The mask '" + path + "' is " + std::to_string(w0) + "x" +
                              std::to_string(h0) + " but the image is " + std::to_string(width) +
                              "x" + std::to_string(height) + "; it was stretched to fit.";
    return out;
}

bool is_empty(const Mask& mask) {
    for (const uint8_t v : mask.data)
        if (v != 0) return false;
    return true;
}

Mask invert(const Mask& mask) {
    Mask out = mask;
    for (uint8_t& v : out.data) v = uint8_t(255 - v);
    return out;
}

Mask grow(const Mask& mask, int pixels) {
    require_mask(mask, "grow");
    if (pixels == 0) return mask;
    const int r = std::abs(pixels);
    const cv::Mat disc =
        cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1));
    cv::Mat out;
    // Pixels beyond the image edge count as "keep" when growing and as "masked" when shrinking,
    // so a mask touching the border is not eaten away from outside.
    if (pixels > 0)
        cv::dilate(as_mat(mask), out, disc, {-1, -1}, 1, cv::BORDER_CONSTANT, cv::Scalar(0));
    else
        cv::erode(as_mat(mask), out, disc, {-1, -1}, 1, cv::BORDER_REPLICATE);
    return from_mat(out);
}

Mask blur(const Mask& mask, double radius_x, double radius_y) {
    require_mask(mask, "blur");
    cv::Mat m = as_mat(mask).clone();
    if (radius_x > 0) {
        const int k = 2 * int(2.5 * radius_x + 0.5) + 1;
        cv::GaussianBlur(m, m, cv::Size(k, 1), radius_x);
    }
    if (radius_y > 0) {
        const int k = 2 * int(2.5 * radius_y + 0.5) + 1;
        cv::GaussianBlur(m, m, cv::Size(1, k), radius_y);
    }
    return from_mat(m);
}

Mask blur(const Mask& mask, double radius) {
    return blur(mask, radius, radius);
}

Mask binarize(const Mask& mask) {
    Mask out = mask;
    for (uint8_t& v : out.data) v = v > 127 ? 255 : 0;
    return out;
}

torch::Tensor mask_to_tensor(const Mask& mask, bool binarize_values) {
    require_mask(mask, "mask_to_tensor");
    auto t = torch::from_blob(const_cast<uint8_t*>(mask.data.data()),
                              {1, 1, mask.height, mask.width}, torch::kUInt8)
                 .to(torch::kFloat32)
                 .div(255.0f);
    if (binarize_values) t = (t >= 0.5f).to(torch::kFloat32);
    return t;
}

torch::Tensor latent_mask(const Mask& mask, int scale_factor, LatentMaskMode mode) {
    const auto t = mask_to_tensor(mask, true);
    namespace F = torch::nn::functional;
    const std::vector<int64_t> size{mask.height / scale_factor, mask.width / scale_factor};
    if (mode == LatentMaskMode::Cover)
        return F::adaptive_max_pool2d(t, F::AdaptiveMaxPool2dFuncOptions(size));
    return F::interpolate(t, F::InterpolateFuncOptions().size(size).mode(torch::kNearest));
}

torch::Tensor masked_image_tensor(const Image& rgb, const Mask& mask) {
    if (rgb.width != mask.width || rgb.height != mask.height)
        throw Error("The mask must have the image's size");
    return image_to_tensor(rgb) * (mask_to_tensor(mask, true) < 0.5f);
}

}  // namespace reverie::image
