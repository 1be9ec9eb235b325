#pragma once
// The words of the built-in model's world: the shapes, colours, sizes and positions its procedural
// scenes are made of, with the pixel values and geometry the renderer and the analysis share.
#include <array>
#include <cstdint>
#include <string>

namespace reverie::demo {

enum class Shape { Circle, Square, Triangle, Star };
enum class Position { Left, Right, Top, Bottom, Center };

inline constexpr int kShapeCount = 4;
inline constexpr int kPositionCount = 5;
inline constexpr int kColourCount = 12;

struct Colour {
    const char* name;
    uint8_t r, g, b;
};

const std::array<Colour, kColourCount>& colours();
// Index of `name` in colours(), or -1.
int colour_index(const std::string& name);

const char* shape_name(Shape s);
// "on the left", "at the top", "in the center" (or "in the centre": both spellings are taught).
std::string position_phrase(Position p, bool british = false);

// Where a shape at `p` is centred, as a fraction of the image side (x, y).
std::array<double, 2> position_centre(Position p);
// Radius of a small or large shape, as a fraction of the image side.
double shape_radius(bool large);

}  // namespace reverie::demo
