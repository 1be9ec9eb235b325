#include "core/io/zip_archive.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "core/common/error.h"

namespace reverie::io {

namespace {

constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr size_t kEndSize = 22;
constexpr size_t kCentralSize = 46;
constexpr size_t kLocalSize = 30;
constexpr size_t kMaxEntries = 65535;

// Bounds-checked little-endian reads: every offset comes from the file itself.
struct Bytes {
    const uint8_t* data;
    size_t size;

    void need(size_t at, size_t n) const {
        if (at > size || n > size - at) throw Error("The zip archive is truncated or damaged.");
    }
    uint16_t u16(size_t at) const {
        need(at, 2);
        return uint16_t(data[at] | data[at + 1] << 8);
    }
    uint32_t u32(size_t at) const {
        need(at, 4);
        return uint32_t(data[at]) | uint32_t(data[at + 1]) << 8 | uint32_t(data[at + 2]) << 16 |
               uint32_t(data[at + 3]) << 24;
    }
};

size_t find_end_record(const Bytes& b) {
    if (b.size < kEndSize) throw Error("This is not a zip archive (too short).");
    // The record ends the file, followed by a comment of up to 65535 bytes.
    const size_t lowest = b.size > kEndSize + 65535 ? b.size - kEndSize - 65535 : 0;
    for (size_t at = b.size - kEndSize + 1; at-- > lowest;)
        if (b.u32(at) == kEndOfCentralDirectory) return at;
    throw Error("This is not a zip archive (no central directory).");
}

std::vector<uint8_t> inflate_raw(const uint8_t* src, size_t n, size_t expected) {
    std::vector<uint8_t> out(expected);
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw Error("zlib could not start inflating.");
    z.next_in = const_cast<Bytef*>(src);
    z.avail_in = uInt(std::min<size_t>(n, UINT32_MAX));
    z.next_out = out.data();
    z.avail_out = uInt(expected);
    const int rc = inflate(&z, Z_FINISH);
    const size_t produced = expected - z.avail_out;
    inflateEnd(&z);
    if (rc != Z_STREAM_END || produced != expected)
        throw Error("A zip entry's compressed data is damaged.");
    return out;
}

void put16(std::vector<uint8_t>& o, uint32_t v) {
    o.push_back(uint8_t(v));
    o.push_back(uint8_t(v >> 8));
}
void put32(std::vector<uint8_t>& o, uint32_t v) {
    put16(o, v & 0xffff);
    put16(o, v >> 16);
}

}  // namespace

std::vector<ZipEntry> read_zip(const uint8_t* data, size_t size, size_t max_total_bytes) {
    const Bytes b{data, size};
    const size_t end = find_end_record(b);
    if (b.u16(end + 4) != 0 || b.u16(end + 6) != 0)
        throw Error("Zip archives split over several files are not supported.");
    const size_t count = b.u16(end + 10);
    const uint32_t dir_offset = b.u32(end + 16);
    if (dir_offset == 0xffffffff || count == 0xffff)
        throw Error("zip64 archives are not supported.");
    std::vector<ZipEntry> entries;
    size_t total = 0;
    size_t at = dir_offset;
    for (size_t i = 0; i < count && i < kMaxEntries; ++i) {
        b.need(at, kCentralSize);
        if (b.u32(at) != kCentralHeader) throw Error("The zip archive's directory is damaged.");
        const uint16_t flags = b.u16(at + 8);
        const uint16_t method = b.u16(at + 10);
        const uint32_t crc = b.u32(at + 16);
        const uint32_t packed = b.u32(at + 20);
        const uint32_t unpacked = b.u32(at + 24);
        const size_t name_len = b.u16(at + 28);
        const size_t skip = size_t(b.u16(at + 30)) + b.u16(at + 32);
        const uint32_t local = b.u32(at + 42);
        b.need(at + kCentralSize, name_len + skip);
        ZipEntry e;
        e.name.assign(reinterpret_cast<const char*>(data + at + kCentralSize), name_len);
        at += kCentralSize + name_len + skip;
        if (flags & 1) throw Error("Encrypted zip entries are not supported ('" + e.name + "').");
        if (packed == 0xffffffff || unpacked == 0xffffffff)
            throw Error("zip64 archives are not supported.");
        if (!e.name.empty() && e.name.back() == '/') continue;  // a folder
        if (unpacked > max_total_bytes - total)
            throw Error("The zip archive unpacks to more than " +
                        std::to_string(max_total_bytes >> 20) + " MiB.");
        total += unpacked;
        b.need(local, kLocalSize);
        if (b.u32(local) != kLocalHeader) throw Error("A zip entry's header is damaged.");
        const size_t start = local + kLocalSize + b.u16(local + 26) + b.u16(local + 28);
        b.need(start, packed);
        if (method == 0) {
            if (packed != unpacked) throw Error("A stored zip entry has two sizes.");
            e.data.assign(data + start, data + start + packed);
        } else if (method == 8) {
            e.data = inflate_raw(data + start, packed, unpacked);
        } else {
            throw Error("Zip entry '" + e.name + "' uses compression method " +
                        std::to_string(method) + "; only stored and deflated are supported.");
        }
        if (uint32_t(crc32(0, e.data.data(), uInt(e.data.size()))) != crc)
            throw Error("Zip entry '" + e.name + "' fails its checksum.");
        entries.push_back(std::move(e));
    }
    return entries;
}

std::vector<uint8_t> write_zip(const std::vector<ZipEntry>& entries) {
    if (entries.size() >= kMaxEntries) throw Error("Too many entries for a zip archive.");
    std::vector<uint8_t> out, directory;
    for (const ZipEntry& e : entries) {
        if (e.data.size() >= 0xffffffffu || out.size() >= 0xffffffffu)
            throw Error("The document is too large for a zip archive (over 4 GiB).");
        const uint32_t crc = uint32_t(crc32(0, e.data.data(), uInt(e.data.size())));
        const uint32_t offset = uint32_t(out.size());
        const uint32_t n = uint32_t(e.data.size());
        // Local header: version 2.0, no flags, stored, 1980-01-01 00:00.
        put32(out, kLocalHeader);
        put16(out, 20);
        put16(out, 0);
        put16(out, 0);
        put16(out, 0);
        put16(out, 0x21);
        put32(out, crc);
        put32(out, n);
        put32(out, n);
        put16(out, uint32_t(e.name.size()));
        put16(out, 0);
        out.insert(out.end(), e.name.begin(), e.name.end());
        out.insert(out.end(), e.data.begin(), e.data.end());

        put32(directory, kCentralHeader);
        put16(directory, 20);
        put16(directory, 20);
        put16(directory, 0);
        put16(directory, 0);
        put16(directory, 0);
        put16(directory, 0x21);
        put32(directory, crc);
        put32(directory, n);
        put32(directory, n);
        put16(directory, uint32_t(e.name.size()));
        for (int i = 0; i < 4; ++i) put16(directory, 0);  // extra, comment, disk, internal attrs
        put32(directory, 0);                              // external attributes
        put32(directory, offset);
        directory.insert(directory.end(), e.name.begin(), e.name.end());
    }
    const uint32_t dir_offset = uint32_t(out.size());
    out.insert(out.end(), directory.begin(), directory.end());
    put32(out, kEndOfCentralDirectory);
    put16(out, 0);
    put16(out, 0);
    put16(out, uint32_t(entries.size()));
    put16(out, uint32_t(entries.size()));
    put32(out, uint32_t(directory.size()));
    put32(out, dir_offset);
    put16(out, 0);
    return out;
}

}  // namespace reverie::io
