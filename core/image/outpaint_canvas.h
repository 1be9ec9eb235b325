#pragma once
// Outpainting: a larger canvas around the picture plus the mask of what to invent.
#include "core/image/image.h"

namespace reverie::image {

enum class CanvasFill {
    Edge,    // repeat the outermost pixels outwards
    Mirror,  // reflect the picture across its edges
    Grey,    // flat mid-grey
    Smear,   // A1111's "fill": blurred surrounding colours (see fill_masked)
};

struct ExtendedCanvas {
    Image image;   // RGB, (left + width + right) x (top + height + bottom)
    Mask mask;     // 255 on the new border and `overlap` px into the picture on extended sides
    Box original;  // where the untouched picture sits in `image`
};

// Throws reverie::Error for negative margins or an empty/non-RGB image.
ExtendedCanvas extend_canvas(const Image& rgb, int left, int top, int right, int bottom,
                             CanvasFill fill = CanvasFill::Edge, int overlap = 8);

}  // namespace reverie::image
