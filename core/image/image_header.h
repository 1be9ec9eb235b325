#pragma once
// Reads an encoded image's format, size and EXIF orientation from its header bytes, so absurd
// dimensions are refused before a decoder allocates anything.
#include <cstddef>
#include <cstdint>
#include <string>

namespace reverie::image {

struct ImageHeader {
    std::string format;  // "png", "jpeg", "webp", "tiff", "bmp"; "" when not recognised
    int64_t width = 0;   // 0 when the header does not say (the decoder will)
    int64_t height = 0;
    int orientation = 1;     // EXIF orientation 1..8; 1 when absent
    bool truncated = false;  // the container ends before its image data does
};

// Never reads outside [data, data + size); malformed headers give zero sizes, not errors.
ImageHeader read_image_header(const uint8_t* data, size_t size);

// EXIF orientation tag (0x0112) of IFD0 in a TIFF structure ("II*\0" / "MM\0*"), 1 when absent.
int tiff_orientation(const uint8_t* data, size_t size);

}  // namespace reverie::image
