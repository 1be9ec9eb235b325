#include "app/worker/qt_image_bridge.h"

#include <cstring>

#include "core/common/error.h"
#include "core/image/latent_preview.h"

namespace reverie::app {

namespace {

image::Image copy_rows(const QImage& converted, int channels) {
    image::Image out(converted.width(), converted.height(), channels);
    for (int y = 0; y < out.height; ++y)
        std::memcpy(out.row(y), converted.constScanLine(y), out.stride());
    return out;
}

QImage wrap_copy(const uint8_t* data, int width, int height, int channels) {
    QImage::Format format = QImage::Format_Invalid;
    switch (channels) {
        case 1:
            format = QImage::Format_Grayscale8;
            break;
        case 3:
            format = QImage::Format_RGB888;
            break;
        case 4:
            format = QImage::Format_RGBA8888;
            break;
        default:
            throw Error("Cannot show a picture with " + std::to_string(channels) + " channels.");
    }
    if (width <= 0 || height <= 0) return {};
    return QImage(data, width, height, width * channels, format).copy();
}

}  // namespace

image::Mask transparent_pixels(const QImage& image) {
    if (image.isNull() || !image.hasAlphaChannel()) return {};
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    image::Mask holes(argb.width(), argb.height(), 1);
    bool any = false;
    for (int y = 0; y < argb.height(); ++y) {
        const QRgb* src = reinterpret_cast<const QRgb*>(argb.constScanLine(y));
        uint8_t* dst = holes.row(y);
        for (int x = 0; x < argb.width(); ++x)
            if (qAlpha(src[x]) == 0) {
                dst[x] = 255;
                any = true;
            }
    }
    return any ? holes : image::Mask{};
}

image::Image to_core_rgb(const QImage& image) {
    if (image.isNull()) return {};
    // Un-premultiply first so half-transparent pixels keep their colour, then drop alpha.
    const QImage straight = image.hasAlphaChannel() ? image.convertToFormat(QImage::Format_RGBA8888)
                                                    : image.convertToFormat(QImage::Format_RGB888);
    if (!straight.hasAlphaChannel()) return copy_rows(straight, 3);
    image::Image out(straight.width(), straight.height(), 3);
    for (int y = 0; y < out.height; ++y) {
        const uchar* src = straight.constScanLine(y);
        uint8_t* dst = out.row(y);
        for (int x = 0; x < out.width; ++x) {
            dst[3 * x + 0] = src[4 * x + 0];
            dst[3 * x + 1] = src[4 * x + 1];
            dst[3 * x + 2] = src[4 * x + 2];
        }
    }
    return out;
}

image::Mask to_core_mask(const QImage& mask) {
    if (mask.isNull()) return {};
    return copy_rows(mask.convertToFormat(QImage::Format_Grayscale8), 1);
}

QImage to_qimage(const image::Image& image) {
    if (image.empty() || image.data.size() < image.stride() * size_t(image.height)) return {};
    return wrap_copy(image.data.data(), image.width, image.height, image.channels);
}

QImage to_qimage(const image::Rgb8Image& image) {
    if (image.rgb.size() < size_t(image.width) * size_t(image.height) * 3) return {};
    return wrap_copy(image.rgb.data(), image.width, image.height, 3);
}

}  // namespace reverie::app
