#pragma once
// QImage <-> the engine's plain 8-bit pictures. Every conversion copies: a QImage handed to the
// GUI thread must own its pixels, and QImage scanlines are padded to 4 bytes where the engine's
// rows are not.
#include <QImage>

#include "core/image/image.h"

namespace reverie::image {
struct Rgb8Image;  // core/image/latent_preview.h (torch): only its users include it
}

namespace reverie::app {

// RGB, alpha dropped (transparent pixels keep their colour, black on a fresh canvas), as PIL's
// convert("RGB") does for AUTOMATIC1111.
image::Image to_core_rgb(const QImage& image);
// 255 where `image` is fully transparent, 0 elsewhere; an empty mask when no pixel is (or the
// image has no alpha).
image::Mask transparent_pixels(const QImage& image);
// One channel, white = regenerate; coloured masks are read by their grey level.
image::Mask to_core_mask(const QImage& mask);

// 1, 3 or 4 channels -> Grayscale8, RGB888 or RGBA8888.
QImage to_qimage(const image::Image& image);
QImage to_qimage(const image::Rgb8Image& image);

}  // namespace reverie::app
