#include "core/demo/shapes_analysis.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "core/image/cv_bridge.h"

namespace reverie::demo {
namespace {

// Pixels of `rgb` classified to palette indices.
cv::Mat classify(const image::Image& rgb) {
    cv::Mat out(rgb.height, rgb.width, CV_8UC1);
    for (int y = 0; y < rgb.height; ++y)
        for (int x = 0; x < rgb.width; ++x)
            out.at<uint8_t>(y, x) =
                uint8_t(classify_colour(rgb.at(x, y, 0), rgb.at(x, y, 1), rgb.at(x, y, 2)));
    return out;
}

int majority(const cv::Mat& labels, const cv::Mat& region) {
    std::array<int, kColourCount> votes{};
    for (int y = 0; y < labels.rows; ++y)
        for (int x = 0; x < labels.cols; ++x)
            if (region.at<uint8_t>(y, x)) ++votes[labels.at<uint8_t>(y, x)];
    return int(std::max_element(votes.begin(), votes.end()) - votes.begin());
}

cv::Point2d centre_px(Position p, int size) {
    const auto c = position_centre(p);
    return {c[0] * size, c[1] * size};
}

}  // namespace

int classify_colour(uint8_t r, uint8_t g, uint8_t b) {
    int best = 0;
    double best_d = 1e18;
    for (int i = 0; i < kColourCount; ++i) {
        const auto& c = colours()[size_t(i)];
        const bool dark = int(c.r) + c.g + c.b < 200;
        // The colour itself and its stripe shade (see render()).
        for (double k : {1.0, dark ? -1.0 : 0.78}) {
            const auto shade = [&](uint8_t v) { return k < 0 ? std::min(255.0, v + 45.0) : v * k; };
            const double dr = r - shade(c.r), dg = g - shade(c.g), db = b - shade(c.b);
            const double d = 0.3 * dr * dr + 0.59 * dg * dg + 0.11 * db * db;
            if (d < best_d) best_d = d, best = i;
        }
    }
    return best;
}

int background_colour(const image::Image& rgb) {
    const cv::Mat labels = classify(rgb);
    cv::Mat border(rgb.height, rgb.width, CV_8UC1, cv::Scalar(255));
    const int band = std::max(2, rgb.width / 32);
    border(cv::Rect(band, band, rgb.width - 2 * band, rgb.height - 2 * band)).setTo(0);
    return majority(labels, border);
}

bool detect_shape(const image::Image& rgb, int colour, Position position, Shape& out) {
    const cv::Mat labels = classify(rgb);
    cv::Mat mask = labels == colour;
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
    const auto want = centre_px(position, rgb.width);
    const double min_area = 0.3 * 3.14159 * std::pow(shape_radius(false) * rgb.width, 2);
    int best = -1;
    double best_d = 1e18;
    for (size_t i = 0; i < contours.size(); ++i) {
        if (cv::contourArea(contours[i]) < min_area) continue;
        const auto m = cv::moments(contours[i]);
        const double d = std::hypot(m.m10 / m.m00 - want.x, m.m01 / m.m00 - want.y);
        if (d < best_d) best_d = d, best = int(i);
    }
    if (best < 0 || best_d > shape_radius(true) * rgb.width) return false;
    const auto& c = contours[size_t(best)];
    std::vector<cv::Point> hull;
    cv::convexHull(c, hull);
    const double solidity = cv::contourArea(c) / std::max(1.0, cv::contourArea(hull));
    // How much of its enclosing circle the hull fills: circle ≈ 1, square 2/π ≈ 0.64, equilateral
    // triangle 3√3/4π ≈ 0.41 — robust to rotation and anti-aliasing, unlike vertex counts.
    cv::Point2f centre;
    float radius = 0;
    cv::minEnclosingCircle(hull, centre, radius);
    const double fill = cv::contourArea(hull) / std::max(1.0, 3.14159265 * double(radius) * radius);
    if (solidity < 0.8)
        out = Shape::Star;
    else if (fill > 0.8)
        out = Shape::Circle;
    else if (fill > 0.52)
        out = Shape::Square;
    else
        out = Shape::Triangle;
    return true;
}

SceneCheck check_scene(const image::Image& rgb, const Scene& asked) {
    SceneCheck check;
    check.background = background_colour(rgb);
    check.background_correct = check.background == asked.background;
    const cv::Mat labels = classify(rgb);
    const double small_area = 3.14159 * std::pow(shape_radius(false) * rgb.width, 2);
    for (const auto& s : asked.shapes) {
        ShapeCheck sc;
        sc.colour_present = cv::countNonZero(labels == s.colour) >= 0.4 * small_area;
        cv::Mat core(rgb.height, rgb.width, CV_8UC1, cv::Scalar(0));
        const double r = 0.6 * shape_radius(false) * rgb.width;
        cv::circle(core, centre_px(s.position, rgb.width), int(std::lround(r)), cv::Scalar(255),
                   -1);
        const int inside = cv::countNonZero(core);
        const int hits = cv::countNonZero((labels == s.colour) & core);
        sc.at_position = inside > 0 && hits >= inside / 2;
        Shape kind;
        if (detect_shape(rgb, s.colour, s.position, kind)) {
            sc.detected = kind;
            sc.kind_correct = sc.at_position && kind == s.shape;
        }
        check.shapes.push_back(sc);
    }
    return check;
}

}  // namespace reverie::demo
