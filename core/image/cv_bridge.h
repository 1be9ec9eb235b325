#pragma once
// Internal to core/image: views between the plain Image struct and OpenCV matrices.
#include <opencv2/core.hpp>

#include "core/image/image.h"

namespace reverie::image {

// A cv::Mat header over the image's own bytes (no copy; the image must outlive it).
inline cv::Mat as_mat(Image& img) {
    return cv::Mat(img.height, img.width, CV_8UC(img.channels), img.data.data());
}
inline cv::Mat as_mat(const Image& img) {
    return cv::Mat(img.height, img.width, CV_8UC(img.channels),
                   const_cast<uint8_t*>(img.data.data()));
}

// Copies an 8-bit matrix (any channel count, possibly non-continuous) into an Image.
inline Image from_mat(const cv::Mat& m) {
    CV_Assert(m.depth() == CV_8U);
    Image img(m.cols, m.rows, m.channels());
    cv::Mat dst = as_mat(img);
    m.copyTo(dst);
    return img;
}

}  // namespace reverie::image
