#pragma once
// The engine's picture: plain interleaved 8-bit pixels, row-major, no padding between rows, so the
// GUI can wrap it in a QImage (Format_RGB888 / Format_RGBA8888 / Format_Grayscale8) without a copy.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace reverie::image {

struct Image {
    int width = 0;
    int height = 0;
    int channels = 0;  // 1 (grey / mask), 3 (RGB) or 4 (RGBA)
    std::vector<uint8_t> data;

    Image() = default;
    Image(int w, int h, int c, uint8_t value = 0)
        : width(w), height(h), channels(c), data(size_t(w) * size_t(h) * size_t(c), value) {}

    bool empty() const { return width <= 0 || height <= 0 || data.empty(); }
    size_t stride() const { return size_t(width) * size_t(channels); }
    uint8_t* row(int y) { return data.data() + size_t(y) * stride(); }
    const uint8_t* row(int y) const { return data.data() + size_t(y) * stride(); }
    uint8_t& at(int x, int y, int c = 0) { return row(y)[size_t(x) * channels + c]; }
    uint8_t at(int x, int y, int c = 0) const { return row(y)[size_t(x) * channels + c]; }
};

// A single-channel 8-bit picture where white means "regenerate this pixel".
using Mask = Image;

// A pixel rectangle, right/bottom exclusive (as PIL's boxes).
struct Box {
    int x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    int width() const { return x2 - x1; }
    int height() const { return y2 - y1; }
    bool operator==(const Box& o) const {
        return x1 == o.x1 && y1 == o.y1 && x2 == o.x2 && y2 == o.y2;
    }
};

}  // namespace reverie::image
