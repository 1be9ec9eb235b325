#include "core/demo/shapes_vocabulary.h"

namespace reverie::demo {

const std::array<Colour, kColourCount>& colours() {
    // Saturated, well separated in RGB so that a dominant-colour classifier can tell them apart.
    static const std::array<Colour, kColourCount> table{{
        {"red", 220, 30, 30},
        {"green", 40, 170, 60},
        {"blue", 40, 70, 220},
        {"yellow", 240, 220, 40},
        {"orange", 245, 140, 30},
        {"purple", 140, 50, 180},
        {"pink", 245, 150, 200},
        {"brown", 120, 75, 35},
        {"cyan", 40, 215, 225},
        {"gray", 128, 128, 128},
        {"white", 245, 245, 245},
        {"black", 20, 20, 20},
    }};
    return table;
}

int colour_index(const std::string& name) {
    for (int i = 0; i < kColourCount; ++i)
        if (name == colours()[i].name) return i;
    return -1;
}

const char* shape_name(Shape s) {
    switch (s) {
        case Shape::Circle:
            return "circle";
        case Shape::Square:
            return "square";
        case Shape::Triangle:
            return "triangle";
        case Shape::Star:
            return "star";
    }
    return "?";
}

std::string position_phrase(Position p, bool british) {
    switch (p) {
        case Position::Left:
            return "on the left";
        case Position::Right:
            return "on the right";
        case Position::Top:
            return "at the top";
        case Position::Bottom:
            return "at the bottom";
        case Position::Center:
            return british ? "in the centre" : "in the center";
    }
    return "?";
}

std::array<double, 2> position_centre(Position p) {
    switch (p) {
        case Position::Left:
            return {0.22, 0.5};
        case Position::Right:
            return {0.78, 0.5};
        case Position::Top:
            return {0.5, 0.22};
        case Position::Bottom:
            return {0.5, 0.78};
        case Position::Center:
            return {0.5, 0.5};
    }
    return {0.5, 0.5};
}

double shape_radius(bool large) {
    return large ? 0.185 : 0.10;
}

}  // namespace reverie::demo
