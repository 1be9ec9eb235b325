#pragma once
// Control-image preprocessors that need no model of their own (A1111's sd-webui-controlnet
// "modules"), with OpenCV. Each takes any RGB/grey/RGBA picture and returns the RGB control
// picture a ControlNet of that kind was trained on. Model-based ones (depth, pose, lineart-anime)
// take a control picture the user made elsewhere.
#include <optional>
#include <string>

#include "core/image/image.h"

namespace reverie::image {

enum class ControlPreprocess {
    None,      // the picture as it is
    Canny,     // white Canny edges on black
    Scribble,  // the user's strokes, white on black, binarised
    Tile,      // a downscaled copy (the tile ControlNet re-details a blurry picture)
    Inpaint,   // the picture with the masked pixels at -1 (done on the tensor, see control_hint)
};

std::optional<ControlPreprocess> control_preprocess_from_name(const std::string& name);
const char* control_preprocess_name(ControlPreprocess p);

// Canny's hysteresis thresholds (A1111's "Threshold A / B" of its canny module).
struct CannyThresholds {
    double low = 100, high = 200;
};

// cv::Canny on the colour picture (the strongest channel's gradient, as A1111 feeds it), with
// A1111's default thresholds 100 / 200.
Image canny_edges(const Image& picture, double low = 100, double high = 200);

// Strokes -> white on black, binarised at mid-grey. A picture whose median is light (dark lines
// on white paper, the usual drawing) is inverted first, as A1111's "invert" module does; strokes
// already light on dark are kept. A transparent picture's strokes are its opaque pixels.
Image scribble_strokes(const Image& picture);

// The picture shrunk by `factor` (area averaging); the pipeline scales it back to the output
// size, which leaves the blurred copy the tile ControlNet fills with detail.
Image tile_resample(const Image& picture, int factor = 4);

// What a ControlNet sees for `preprocess` (Inpaint returns the picture unchanged: its -1 pixels
// only exist as floats). `canny`: the thresholds of the Canny preprocessor.
Image preprocess_control(const Image& picture, ControlPreprocess preprocess,
                         CannyThresholds canny = {});

}  // namespace reverie::image
