#include "core/image/outpaint_canvas.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "core/common/error.h"
#include "core/image/cv_bridge.h"
#include "core/image/masked_content.h"

namespace reverie::image {

ExtendedCanvas extend_canvas(const Image& rgb, int left, int top, int right, int bottom,
                             CanvasFill fill, int overlap) {
    if (rgb.empty() || rgb.channels != 3) throw Error("extend_canvas needs a non-empty RGB image");
    if (left < 0 || top < 0 || right < 0 || bottom < 0 || overlap < 0)
        throw Error("Outpainting margins must not be negative");
    const cv::Mat src = as_mat(rgb);
    cv::Mat canvas;
    // Mirror needs the margin no larger than the picture; beyond that, repeat the edge.
    const bool mirror_fits =
        left < rgb.width && right < rgb.width && top < rgb.height && bottom < rgb.height;
    const int border = fill == CanvasFill::Mirror && mirror_fits ? cv::BORDER_REFLECT_101
                       : fill == CanvasFill::Grey || fill == CanvasFill::Smear
                           ? cv::BORDER_CONSTANT
                           : cv::BORDER_REPLICATE;
    cv::copyMakeBorder(src, canvas, top, bottom, left, right, border, cv::Scalar::all(128));

    ExtendedCanvas out;
    out.original = Box{left, top, left + rgb.width, top + rgb.height};
    out.mask = Mask(canvas.cols, canvas.rows, 1, 255);
    // Keep the picture except an overlap band on each side that grew, so the seam is redrawn.
    const int kx1 = left + (left > 0 ? std::min(overlap, rgb.width / 2) : 0);
    const int ky1 = top + (top > 0 ? std::min(overlap, rgb.height / 2) : 0);
    const int kx2 = left + rgb.width - (right > 0 ? std::min(overlap, rgb.width / 2) : 0);
    const int ky2 = top + rgb.height - (bottom > 0 ? std::min(overlap, rgb.height / 2) : 0);
    for (int y = ky1; y < ky2; ++y)
        std::fill(&out.mask.at(kx1, y), &out.mask.at(kx1, y) + (kx2 - kx1), 0);
    out.image = from_mat(canvas);
    if (fill == CanvasFill::Smear) {
        // Smear from the picture itself, not from the overlap band's mask.
        Mask border_only(canvas.cols, canvas.rows, 1, 255);
        for (int y = top; y < top + rgb.height; ++y)
            std::fill(&border_only.at(left, y), &border_only.at(left, y) + rgb.width, 0);
        out.image = fill_masked(out.image, border_only);
    }
    return out;
}

}  // namespace reverie::image
