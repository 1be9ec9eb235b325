#pragma once
// Reads a picture back against the caption it was asked for: what colour the background is, whether
// each captioned shape is where the caption puts it, in its colour and of its kind. A deliberately
// simple analysis, written for the built-in model's world, so that tests and `reverie-cli
// eval-demo` can check meaning and not just numbers.
#include <vector>

#include "core/demo/shapes_scene.h"
#include "core/image/image.h"

namespace reverie::demo {

// Nearest palette colour of a pixel (a striped background's shade counts as its colour).
int classify_colour(uint8_t r, uint8_t g, uint8_t b);

// The most common palette colour of the background: the image's border band, where no shape of the
// world reaches.
int background_colour(const image::Image& rgb);

struct ShapeCheck {
    bool colour_present =
        false;  // a patch of the caption's colour somewhere (≥ 40% of a small shape)
    bool at_position = false;   // the caption's colour covers ≥ 50% of the core of its position
    bool kind_correct = false;  // that patch, where it is, has the caption's outline
    Shape detected = Shape::Circle;
};

struct SceneCheck {
    int background = -1;
    bool background_correct = false;
    std::vector<ShapeCheck> shapes;  // one per caption shape
};

SceneCheck check_scene(const image::Image& rgb, const Scene& asked);

// The shape kind of the blob of colour `colour` nearest to `position` (by its outline: solidity
// for stars, polygon vertices for triangles and squares, else circle). nullopt-like: false when
// there is no such blob.
bool detect_shape(const image::Image& rgb, int colour, Position position, Shape& out);

}  // namespace reverie::demo
