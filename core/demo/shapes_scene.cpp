#include "core/demo/shapes_scene.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <random>

#include "core/image/cv_bridge.h"

namespace reverie::demo {
namespace {

constexpr double kPi = 3.14159265358979323846;

// The outline of a shape of radius r centred at (cx, cy), in pixels (×16 fixed point for
// OpenCV's sub-pixel drawing).
std::vector<cv::Point> outline(const SceneShape& s, int size) {
    constexpr int kShift = 4;
    const auto c = position_centre(s.position);
    const double cx = (c[0] + s.dx) * size, cy = (c[1] + s.dy) * size;
    const double r = shape_radius(s.large) * size;
    std::vector<std::pair<double, double>> pts;  // polar: radius, angle
    switch (s.shape) {
        case Shape::Circle:
            for (int i = 0; i < 64; ++i) pts.push_back({r, 2 * kPi * i / 64});
            break;
        case Shape::Square:  // same area as the circle, so sizes read alike
            for (int i = 0; i < 4; ++i) pts.push_back({r * 1.25, kPi / 4 + kPi / 2 * i});
            break;
        case Shape::Triangle:
            for (int i = 0; i < 3; ++i) pts.push_back({r * 1.35, -kPi / 2 + 2 * kPi / 3 * i});
            break;
        case Shape::Star:
            for (int i = 0; i < 10; ++i)
                pts.push_back({i % 2 ? r * 0.55 : r * 1.3, -kPi / 2 + kPi / 5 * i});
            break;
    }
    std::vector<cv::Point> out;
    for (auto [rad, a] : pts) {
        a += s.angle;
        out.emplace_back(int(std::lround((cx + rad * std::cos(a)) * (1 << kShift))),
                         int(std::lround((cy + rad * std::sin(a)) * (1 << kShift))));
    }
    return out;
}

void fill(cv::Mat& m, const SceneShape& s, const cv::Scalar& value) {
    const auto pts = outline(s, m.cols);
    cv::fillPoly(m, std::vector<std::vector<cv::Point>>{pts}, value, cv::LINE_AA, 4);
}

}  // namespace

Scene sample_scene(uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto uniform = [&](int n) { return int(rng() % uint64_t(n)); };
    auto real = [&](double lo, double hi) {
        return lo + (hi - lo) * double(rng() >> 11) / double(uint64_t(1) << 53);
    };
    Scene scene;
    scene.background = uniform(kColourCount);
    scene.textured = uniform(3) == 0;
    scene.british = uniform(2) == 0;
    const int roll = uniform(20);
    const int count = roll < 8 ? 1 : roll < 15 ? 2 : 3;
    std::vector<int> positions{0, 1, 2, 3, 4};
    std::shuffle(positions.begin(), positions.end(), rng);
    for (int i = 0; i < count; ++i) {
        SceneShape s;
        s.shape = Shape(uniform(kShapeCount));
        s.colour = uniform(kColourCount - 1);
        if (s.colour >= scene.background) ++s.colour;  // never the background's colour
        s.large = uniform(2) == 0;
        s.position = Position(positions[size_t(i)]);
        s.dx = real(-0.025, 0.025);
        s.dy = real(-0.025, 0.025);
        s.angle = real(-0.25, 0.25);
        scene.shapes.push_back(s);
    }
    return scene;
}

std::string caption(const Scene& scene) {
    std::string text;
    for (size_t i = 0; i < scene.shapes.size(); ++i) {
        const auto& s = scene.shapes[i];
        if (i > 0) text += i + 1 == scene.shapes.size() ? " and " : ", ";
        text += std::string("a ") + (s.large ? "large " : "small ") +
                colours()[size_t(s.colour)].name + " " + shape_name(s.shape) + " " +
                position_phrase(s.position, scene.british);
    }
    text += std::string(", on a ") + (scene.textured ? "textured " : "") +
            colours()[size_t(scene.background)].name + " background";
    return text;
}

image::Image render(const Scene& scene, int size) {
    const auto& bg = colours()[size_t(scene.background)];
    cv::Mat m(size, size, CV_8UC3, cv::Scalar(bg.r, bg.g, bg.b));
    if (scene.textured) {
        // Stripes a shade darker (lighter on dark colours), 45°, period 1/16 of the side.
        const bool dark = int(bg.r) + bg.g + bg.b < 200;
        auto shade = [&](uint8_t v) {
            return uint8_t(dark ? std::min(255, v + 45) : int(v * 0.78));
        };
        const cv::Vec3b stripe(shade(bg.r), shade(bg.g), shade(bg.b));
        const int period = std::max(2, size / 16);
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x)
                if ((x + y) % period < period / 2) m.at<cv::Vec3b>(y, x) = stripe;
    }
    for (const auto& s : scene.shapes) {
        const auto& c = colours()[size_t(s.colour)];
        fill(m, s, cv::Scalar(c.r, c.g, c.b));
    }
    return image::from_mat(m);
}

image::Mask shape_mask(const SceneShape& shape, int size) {
    cv::Mat m(size, size, CV_8UC1, cv::Scalar(0));
    fill(m, shape, cv::Scalar(255));
    return image::from_mat(m);
}

}  // namespace reverie::demo
