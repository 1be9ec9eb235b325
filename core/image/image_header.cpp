#include "core/image/image_header.h"

#include <cstring>

namespace reverie::image {
namespace {

// Bounds-checked readers over one byte span; out-of-range reads return 0.
struct Bytes {
    const uint8_t* p;
    size_t n;
    bool has(size_t off, size_t len) const { return off <= n && len <= n - off; }
    uint32_t u8(size_t o) const { return has(o, 1) ? p[o] : 0; }
    uint32_t be16(size_t o) const { return has(o, 2) ? (uint32_t(p[o]) << 8) | p[o + 1] : 0; }
    uint32_t le16(size_t o) const { return has(o, 2) ? (uint32_t(p[o + 1]) << 8) | p[o] : 0; }
    uint32_t be32(size_t o) const { return has(o, 4) ? (be16(o) << 16) | be16(o + 2) : 0; }
    uint32_t le32(size_t o) const { return has(o, 4) ? (le16(o + 2) << 16) | le16(o) : 0; }
    uint32_t le24(size_t o) const { return has(o, 3) ? le16(o) | (uint32_t(p[o + 2]) << 16) : 0; }
    bool tag(size_t o, const char* t) const {
        const size_t len = std::strlen(t);
        return has(o, len) && std::memcmp(p + o, t, len) == 0;
    }
};

// One IFD0 lookup in a TIFF structure; returns 0 when the tag is absent or malformed.
uint32_t tiff_tag(const Bytes& b, uint16_t wanted) {
    if (!b.has(0, 8)) return 0;
    const bool le = b.tag(0, "II");
    if (!le && !b.tag(0, "MM")) return 0;
    auto r16 = [&](size_t o) { return le ? b.le16(o) : b.be16(o); };
    auto r32 = [&](size_t o) { return le ? b.le32(o) : b.be32(o); };
    if (r16(2) != 42) return 0;
    const size_t ifd = r32(4);
    if (!b.has(ifd, 2)) return 0;
    const uint32_t count = r16(ifd);
    for (uint32_t i = 0; i < count; ++i) {
        const size_t e = ifd + 2 + size_t(i) * 12;
        if (!b.has(e, 12)) return 0;
        if (r16(e) != wanted) continue;
        const uint32_t type = r16(e + 2);
        if (type == 3) return r16(e + 8);  // SHORT, left-justified in the value field
        if (type == 4) return r32(e + 8);  // LONG
        return 0;
    }
    return 0;
}

int valid_orientation(uint32_t v) {
    return v >= 1 && v <= 8 ? int(v) : 1;
}

int exif_payload_orientation(const uint8_t* p, size_t n) {
    // JPEG APP1 and some WebP writers prefix the TIFF structure with "Exif\0\0".
    if (n >= 6 && std::memcmp(p, "Exif\0\0", 6) == 0) {
        p += 6;
        n -= 6;
    }
    return tiff_orientation(p, n);
}

void read_png(const Bytes& b, ImageHeader& h) {
    h.format = "png";
    if (b.be32(8) == 13 && b.tag(12, "IHDR")) {
        h.width = b.be32(16);
        h.height = b.be32(20);
    }
    // Walk the chunks for eXIf and IEND; a bad length simply ends the walk.
    size_t off = 8;
    bool ended = false;
    while (b.has(off, 8)) {
        const size_t len = b.be32(off);
        if (!b.has(off + 8, len)) break;
        if (b.tag(off + 4, "eXIf")) h.orientation = exif_payload_orientation(b.p + off + 8, len);
        if (b.tag(off + 4, "IEND")) {
            ended = true;
            break;
        }
        off += 12 + len;
    }
    h.truncated = !ended;
}

void read_jpeg(const Bytes& b, ImageHeader& h) {
    h.format = "jpeg";
    size_t off = 2;
    while (b.has(off, 4)) {
        if (b.p[off] != 0xFF) return;  // lost sync: let the decoder judge
        const uint32_t marker = b.p[off + 1];
        if (marker == 0xFF) {  // fill byte
            ++off;
            continue;
        }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            off += 2;
            continue;
        }
        const size_t len = b.be16(off + 2);
        if (len < 2) return;
        const size_t body = off + 4;
        if (marker == 0xE1 && b.has(body, len - 2))
            h.orientation = exif_payload_orientation(b.p + body, len - 2);
        const bool sof =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof && b.has(body, 5)) {
            h.height = b.be16(body + 1);
            h.width = b.be16(body + 3);
        }
        if (marker == 0xDA) {
            // Entropy-coded data stuffs every 0xFF as FF00, so an FF D9 after the scan header is
            // the end-of-image marker: without one the file was cut short.
            h.truncated = true;
            for (size_t i = body; i + 1 < b.n; ++i)
                if (b.p[i] == 0xFF && b.p[i + 1] == 0xD9) {
                    h.truncated = false;
                    break;
                }
            return;
        }
        off += 2 + len;
    }
    h.truncated = true;
}

void read_webp(const Bytes& b, ImageHeader& h) {
    h.format = "webp";
    size_t off = 12;
    bool first = true;
    while (b.has(off, 8)) {
        const size_t len = b.le32(off + 4);
        const size_t body = off + 8;
        if (first && b.tag(off, "VP8 ") && b.has(body, 10)) {
            h.width = b.le16(body + 6) & 0x3FFF;
            h.height = b.le16(body + 8) & 0x3FFF;
        } else if (first && b.tag(off, "VP8L") && b.has(body, 5)) {
            const uint32_t bits = b.le32(body + 1);
            h.width = (bits & 0x3FFF) + 1;
            h.height = ((bits >> 14) & 0x3FFF) + 1;
        } else if (first && b.tag(off, "VP8X") && b.has(body, 10)) {
            h.width = int64_t(b.le24(body + 4)) + 1;
            h.height = int64_t(b.le24(body + 7)) + 1;
        } else if (b.tag(off, "EXIF") && b.has(body, len)) {
            h.orientation = exif_payload_orientation(b.p + body, len);
        }
        first = false;
        if (!b.has(body, len)) {
            h.truncated = true;
            return;
        }
        off = body + len + (len & 1);  // chunks are padded to even sizes
    }
}

void read_bmp(const Bytes& b, ImageHeader& h) {
    h.format = "bmp";
    const uint32_t dib = b.le32(14);
    if (dib == 12) {  // OS/2 BITMAPCOREHEADER
        h.width = b.le16(18);
        h.height = b.le16(20);
    } else if (dib >= 40) {
        h.width = int32_t(b.le32(18));
        h.height = int32_t(b.le32(22));
        if (h.width < 0) h.width = -h.width;
        if (h.height < 0) h.height = -h.height;  // top-down bitmaps store a negative height
    }
}

}  // namespace

int tiff_orientation(const uint8_t* data, size_t size) {
    return valid_orientation(tiff_tag(Bytes{data, size}, 0x0112));
}

ImageHeader read_image_header(const uint8_t* data, size_t size) {
    const Bytes b{data, size};
    ImageHeader h;
    if (b.tag(0, "\x89PNG\r\n\x1a\n")) {
        read_png(b, h);
    } else if (b.u8(0) == 0xFF && b.u8(1) == 0xD8) {
        read_jpeg(b, h);
    } else if (b.tag(0, "RIFF") && b.tag(8, "WEBP")) {
        read_webp(b, h);
    } else if (b.tag(0, "II*") || b.tag(0, "MM")) {
        if (!b.has(0, 4) || (b.p[2] != 0 && b.p[2] != 42)) return h;
        h.format = "tiff";
        h.width = tiff_tag(b, 256);
        h.height = tiff_tag(b, 257);
        h.orientation = valid_orientation(tiff_tag(b, 0x0112));
    } else if (b.tag(0, "BM")) {
        read_bmp(b, h);
    }
    return h;
}

}  // namespace reverie::image
