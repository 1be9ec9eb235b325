#include "core/io/torch_zip.h"

#include "core/common/error.h"

namespace reverie::io {

namespace {

constexpr uint32_t kEndOfDirectory = 0x06054b50;
constexpr uint32_t kZip64End = 0x06064b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint32_t kDirectoryEntry = 0x02014b50;
constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint64_t kMaxEntries = 1 << 20;

// Little-endian fields read with their bounds checked.
class Reader {
  public:
    Reader(const std::string& what, const uint8_t* data, uint64_t size)
        : what_(what), data_(data), size_(size) {}
    uint64_t u(uint64_t at, int bytes) const {
        if (at > size_ || uint64_t(bytes) > size_ - at)
            throw Error(what_ + ": a zip record runs past the end of the file");
        uint64_t v = 0;
        for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | data_[at + uint64_t(i)];
        return v;
    }
    std::string str(uint64_t at, uint64_t n) const {
        if (at > size_ || n > size_ - at)
            throw Error(what_ + ": a zip name runs past the end of the file");
        return std::string(reinterpret_cast<const char*>(data_ + at), n);
    }
    uint64_t size() const { return size_; }
    const std::string& what() const { return what_; }

  private:
    const std::string& what_;
    const uint8_t* data_;
    uint64_t size_;
};

uint64_t find_end_record(const Reader& r) {
    if (r.size() < 22) throw Error(r.what() + ": too short to be a zip archive");
    const uint64_t lowest = r.size() > 22 + 65535 ? r.size() - 22 - 65535 : 0;
    for (uint64_t at = r.size() - 22;; --at) {
        if (r.u(at, 4) == kEndOfDirectory) return at;
        if (at == lowest) break;
    }
    throw Error(r.what() + ": not a zip archive (no end-of-directory record)");
}

// The Zip64 extended-information extra field replaces the 32-bit values that are 0xFFFFFFFF,
// in the order uncompressed size, compressed size, local header offset.
void apply_zip64(const Reader& r, uint64_t extra, uint64_t extra_len, uint64_t& usize,
                 uint64_t& csize, uint64_t& offset) {
    uint64_t at = extra;
    while (at + 4 <= extra + extra_len) {
        const uint64_t id = r.u(at, 2), len = r.u(at + 2, 2);
        uint64_t field = at + 4;
        if (id == 1) {
            for (uint64_t* v : {&usize, &csize, &offset})
                if (*v == 0xFFFFFFFFu && field + 8 <= at + 4 + len) {
                    *v = r.u(field, 8);
                    field += 8;
                }
        }
        at += 4 + len;
    }
}

}  // namespace

std::map<std::string, ZipEntry> read_zip_directory(const std::string& what, const uint8_t* data,
                                                   uint64_t size) {
    const Reader r(what, data, size);
    const uint64_t end = find_end_record(r);
    uint64_t count = r.u(end + 10, 2);
    uint64_t directory = r.u(end + 16, 4);
    if (end >= 20 && r.u(end - 20, 4) == kZip64Locator) {
        const uint64_t z = r.u(end - 20 + 8, 8);
        if (r.u(z, 4) != kZip64End) throw Error(what + ": a broken Zip64 end record");
        count = r.u(z + 32, 8);
        directory = r.u(z + 48, 8);
    }
    if (count > kMaxEntries) throw Error(what + ": " + std::to_string(count) + " zip entries");
    std::map<std::string, ZipEntry> out;
    uint64_t at = directory;
    for (uint64_t i = 0; i < count; ++i) {
        if (r.u(at, 4) != kDirectoryEntry) throw Error(what + ": a broken zip directory");
        const uint64_t flags = r.u(at + 8, 2), method = r.u(at + 10, 2);
        uint64_t csize = r.u(at + 20, 4), usize = r.u(at + 24, 4);
        const uint64_t name_len = r.u(at + 28, 2), extra_len = r.u(at + 30, 2),
                       comment_len = r.u(at + 32, 2);
        uint64_t local = r.u(at + 42, 4);
        const std::string name = r.str(at + 46, name_len);
        apply_zip64(r, at + 46 + name_len, extra_len, usize, csize, local);
        if (flags & 1) throw Error(what + ": zip entry '" + name + "' is encrypted");
        if (method != 0)
            throw Error(what + ": zip entry '" + name +
                        "' is compressed; torch.save writes stored entries only");
        if (r.u(local, 4) != kLocalHeader)
            throw Error(what + ": zip entry '" + name + "' has no local header");
        const uint64_t begin = local + 30 + r.u(local + 26, 2) + r.u(local + 28, 2);
        if (begin > size || csize > size - begin || usize != csize)
            throw Error(what + ": zip entry '" + name + "' lies outside the file");
        out[name] = ZipEntry{begin, csize};
        at += 46 + name_len + extra_len + comment_len;
    }
    return out;
}

}  // namespace reverie::io
