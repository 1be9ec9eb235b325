#pragma once
// The built-in model's dataset: procedural scenes of one to three coloured shapes on a plain or
// striped background, their captions and their pictures. Everything is a pure function of a seed,
// so the data is never stored: training, evaluation and tests regenerate the same scenes.
#include <cstdint>
#include <string>
#include <vector>

#include "core/demo/shapes_vocabulary.h"
#include "core/image/image.h"

namespace reverie::demo {

struct SceneShape {
    Shape shape = Shape::Circle;
    int colour = 0;  // index into colours()
    bool large = false;
    Position position = Position::Center;
    // Small random offsets (fractions of the side) and a rotation, so no two pictures of one
    // caption are alike.
    double dx = 0, dy = 0, angle = 0;
};

struct Scene {
    std::vector<SceneShape> shapes;  // in caption and drawing order
    int background = 0;              // index into colours()
    bool textured = false;           // diagonal stripes of a lighter/darker shade
    bool british = false;            // "centre" instead of "center" in the caption
};

// The scene of `seed` (any 64-bit value; the same seed always gives the same scene).
Scene sample_scene(uint64_t seed);

// "a large red circle on the left and a small blue square at the top, on a yellow background"
std::string caption(const Scene& scene);

// A `size`×`size` RGB picture of the scene (anti-aliased OpenCV drawing).
image::Image render(const Scene& scene, int size = 128);

// The pixels of one shape alone (255 inside), for analysis and inpainting masks.
image::Mask shape_mask(const SceneShape& shape, int size = 128);

}  // namespace reverie::demo
