#pragma once
// Reading pictures from disk for img2img / inpainting, and writing results atomically.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/image/image.h"
#include "core/image/png_parameters.h"

namespace reverie::image {

// Decompression-bomb guards, checked against the header before decoding and again after.
constexpr int64_t kMaxImageSide = 16384;
constexpr int64_t kMaxImagePixels = int64_t(1) << 28;

struct LoadOptions {
    // Transparent pixels are composited over this colour in `rgb` (A1111 uses white; a neutral
    // grey keeps the VAE's view of the hole unbiased).
    std::array<uint8_t, 3> background{128, 128, 128};
};

struct LoadedImage {
    Image rgb;                 // 3 channels, EXIF orientation applied, alpha flattened
    Image alpha;               // 1 channel, same size; empty when the file has no alpha channel
    bool transparent = false;  // some alpha value is below 255
    std::string format;        // "png", "jpeg", "webp", "tiff", "bmp"
};

// PNG, JPEG, WebP, TIFF, BMP. 16-bit and float files are reduced to 8 bits. Throws reverie::Error
// naming the file for unreadable, empty, truncated, corrupt or oversized files.
LoadedImage load_image(const std::string& path, const LoadOptions& options = {});
// The same from the file's bytes (read by the caller); `path` only names it in errors.
LoadedImage decode_image(const std::vector<uint8_t>& bytes, const std::string& path,
                         const LoadOptions& options = {});

// Write to a temporary file beside `path` and rename it over, so a crash never leaves a half
// file. `image` is RGB (3), RGBA (4) or grey (1). PNG text chunks are UTF-8 key/value pairs
// (e.g. {"parameters", infotext}).
void save_png(const std::string& path, const Image& image, const TextChunks& text_chunks = {});
void save_jpeg(const std::string& path, const Image& image, int quality = 95);
void save_webp(const std::string& path, const Image& image, int quality = 95);

}  // namespace reverie::image
