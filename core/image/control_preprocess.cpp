#include "core/image/control_preprocess.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <vector>

#include "core/common/error.h"
#include "core/image/cv_bridge.h"

namespace reverie::image {
namespace {

const std::pair<ControlPreprocess, const char*> kNames[] = {
    {ControlPreprocess::None, "none"},         {ControlPreprocess::Canny, "canny"},
    {ControlPreprocess::Scribble, "scribble"}, {ControlPreprocess::Tile, "tile"},
    {ControlPreprocess::Inpaint, "inpaint"},
};

void require_picture(const Image& p) {
    if (p.empty() || (p.channels != 1 && p.channels != 3 && p.channels != 4))
        throw Error("The control image must be a non-empty grey, RGB or RGBA picture.");
}

cv::Mat rgb_mat(const Image& p) {
    cv::Mat out;
    if (p.channels == 1) cv::cvtColor(as_mat(p), out, cv::COLOR_GRAY2RGB);
    if (p.channels == 3) out = as_mat(p).clone();
    if (p.channels == 4) cv::cvtColor(as_mat(p), out, cv::COLOR_RGBA2RGB);
    return out;
}

Image grey_to_rgb(const cv::Mat& grey) {
    cv::Mat rgb;
    cv::cvtColor(grey, rgb, cv::COLOR_GRAY2RGB);
    return from_mat(rgb);
}

}  // namespace

std::optional<ControlPreprocess> control_preprocess_from_name(const std::string& name) {
    for (const auto& [p, n] : kNames)
        if (name == n) return p;
    return std::nullopt;
}

const char* control_preprocess_name(ControlPreprocess p) {
    for (const auto& [q, n] : kNames)
        if (p == q) return n;
    return "none";
}

Image canny_edges(const Image& picture, double low, double high) {
    require_picture(picture);
    if (!(low >= 0 && high >= low)) throw Error("Canny thresholds must satisfy 0 <= low <= high.");
    cv::Mat edges;
    cv::Canny(rgb_mat(picture), edges, low, high);
    return grey_to_rgb(edges);
}

Image scribble_strokes(const Image& picture) {
    require_picture(picture);
    cv::Mat grey;
    if (picture.channels == 4) {
        // Strokes on a transparent layer: what is painted is what counts.
        cv::extractChannel(as_mat(picture), grey, 3);
    } else {
        cv::cvtColor(rgb_mat(picture), grey, cv::COLOR_RGB2GRAY);
        std::vector<uint8_t> values(grey.begin<uint8_t>(), grey.end<uint8_t>());
        std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
        if (values[values.size() / 2] > 127) grey = 255 - grey;  // dark lines on light paper
    }
    cv::Mat strokes;
    cv::threshold(grey, strokes, 127, 255, cv::THRESH_BINARY);
    return grey_to_rgb(strokes);
}

Image tile_resample(const Image& picture, int factor) {
    require_picture(picture);
    if (factor < 1) throw Error("The tile downscale factor must be at least 1.");
    const cv::Mat rgb = rgb_mat(picture);
    cv::Mat small;
    cv::resize(rgb, small,
               cv::Size(std::max(1, picture.width / factor), std::max(1, picture.height / factor)),
               0, 0, cv::INTER_AREA);
    return from_mat(small);
}

Image preprocess_control(const Image& picture, ControlPreprocess preprocess,
                         CannyThresholds canny) {
    switch (preprocess) {
        case ControlPreprocess::Canny:
            return canny_edges(picture, canny.low, canny.high);
        case ControlPreprocess::Scribble:
            return scribble_strokes(picture);
        case ControlPreprocess::Tile:
            return tile_resample(picture);
        case ControlPreprocess::None:
        case ControlPreprocess::Inpaint:
            break;
    }
    require_picture(picture);
    return from_mat(rgb_mat(picture));
}

}  // namespace reverie::image
