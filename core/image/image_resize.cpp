#include "core/image/image_resize.h"

#include <opencv2/imgproc.hpp>

#include "core/common/error.h"
#include "core/image/cv_bridge.h"

namespace reverie::image {

Image resize_image(const Image& image, int width, int height) {
    if (image.empty() || width <= 0 || height <= 0)
        throw Error("Cannot resize an empty image or to an empty size");
    if (image.width == width && image.height == height) return image;
    const bool shrinking = width <= image.width && height <= image.height;
    cv::Mat out;
    cv::resize(as_mat(image), out, cv::Size(width, height), 0, 0,
               shrinking ? cv::INTER_AREA : cv::INTER_LANCZOS4);
    return from_mat(out);
}

Image resize_to(const Image& image, int width, int height, ResizeMode mode) {
    if (mode == ResizeMode::JustResize) return resize_image(image, width, height);
    if (image.empty() || width <= 0 || height <= 0)
        throw Error("Cannot resize an empty image or to an empty size");
    // A1111's images.resize_image: integer sizes by floor division, pasted centred.
    const double ratio = double(width) / height;
    const double src_ratio = double(image.width) / image.height;
    const bool cover = mode == ResizeMode::CropAndResize;
    const bool width_bound = cover ? ratio > src_ratio : ratio < src_ratio;
    const int src_w = width_bound ? width : int(int64_t(image.width) * height / image.height);
    const int src_h = width_bound ? int(int64_t(image.height) * width / image.width) : height;
    const Image scaled = resize_image(image, std::max(1, src_w), std::max(1, src_h));
    const int ox = width / 2 - scaled.width / 2;
    const int oy = height / 2 - scaled.height / 2;

    cv::Mat canvas;
    const cv::Mat src = as_mat(scaled);
    if (cover) {
        canvas = src(cv::Rect(-ox, -oy, width, height));
    } else {
        // Replicating the border is what stretching the edge row/column over the bar amounts to.
        cv::copyMakeBorder(src, canvas, oy, height - oy - scaled.height, ox,
                           width - ox - scaled.width, cv::BORDER_REPLICATE);
    }
    return from_mat(canvas);
}

}  // namespace reverie::image
