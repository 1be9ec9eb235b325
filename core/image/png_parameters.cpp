#include "core/image/png_parameters.h"

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <set>

#include "core/common/error.h"

namespace reverie::image {
namespace {

constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
constexpr size_t kMaxInflated = size_t(16) << 20;
constexpr uint32_t kMaxChunkLength = 0x7fffffffu;  // PNG spec limit (2^31 - 1)

uint32_t be32(const uint8_t* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

void put_be32(std::vector<uint8_t>& out, uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(uint8_t(v >> s));
}

struct Chunk {
    size_t offset;  // of the length field
    uint32_t length;
    std::string type;
    const uint8_t* body;
    bool crc_ok;
    size_t end() const { return offset + 12 + length; }
};

bool is_png(const uint8_t* data, size_t size) {
    return size >= 8 && std::memcmp(data, kSignature, 8) == 0;
}

// Calls visit(chunk) for each complete chunk; returns false when the walk stopped on a chunk
// whose length runs past the data (or past the spec's limit) before reaching IEND.
template <typename Visit>
bool walk_chunks(const uint8_t* data, size_t size, Visit visit) {
    size_t off = 8;
    while (size - off >= 12) {
        const uint32_t len = be32(data + off);
        if (len > kMaxChunkLength || len > size - off - 12) return false;
        Chunk c{off, len, std::string(reinterpret_cast<const char*>(data + off + 4), 4),
                data + off + 8, false};
        const uint32_t stored = be32(data + off + 8 + len);
        c.crc_ok = uint32_t(crc32(0L, data + off + 4, uInt(len + 4))) == stored;
        visit(c);
        if (c.type == "IEND") return true;
        off = c.end();
    }
    return false;
}

bool valid_utf8(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        const auto c = uint8_t(s[i]);
        const size_t extra = c < 0x80             ? 0
                             : (c & 0xE0) == 0xC0 ? 1
                             : (c & 0xF0) == 0xE0 ? 2
                             : (c & 0xF8) == 0xF0 ? 3
                                                  : 4;
        if (extra == 4 || (extra == 1 && c < 0xC2) || extra >= s.size() - i) {
            if (extra != 0) return false;
        }
        for (size_t k = 1; k <= extra; ++k)
            if ((uint8_t(s[i + k]) & 0xC0) != 0x80) return false;
        i += extra + 1;
    }
    return true;
}

std::string latin1_to_utf8(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        const auto c = uint8_t(ch);
        if (c < 0x80) {
            out.push_back(char(c));
        } else {
            out.push_back(char(0xC0 | (c >> 6)));
            out.push_back(char(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

std::optional<std::string> inflate_capped(const uint8_t* data, size_t size) {
    z_stream zs{};
    if (inflateInit(&zs) != Z_OK) return std::nullopt;
    zs.next_in = const_cast<Bytef*>(data);
    zs.avail_in = uInt(size);
    std::string out;
    char buf[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof(buf);
        rc = inflate(&zs, Z_NO_FLUSH);
        out.append(buf, sizeof(buf) - zs.avail_out);
        if (out.size() > kMaxInflated) rc = Z_MEM_ERROR;
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // input ran out: truncated stream
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) return std::nullopt;
    return out;
}

// Decodes one text chunk body; nullopt when it is malformed.
std::optional<std::pair<std::string, std::string>> decode_text(const Chunk& c) {
    const char* p = reinterpret_cast<const char*>(c.body);
    const size_t n = c.length;
    const void* nul = std::memchr(p, 0, n);
    if (!nul) return std::nullopt;
    const size_t klen = size_t(static_cast<const char*>(nul) - p);
    if (klen == 0 || klen > 79) return std::nullopt;
    std::string key = latin1_to_utf8(std::string(p, klen));
    size_t pos = klen + 1;
    if (c.type == "tEXt") {
        std::string text(p + pos, n - pos);
        return std::make_pair(key, valid_utf8(text) ? text : latin1_to_utf8(text));
    }
    if (c.type == "zTXt") {
        if (pos >= n || p[pos] != 0) return std::nullopt;  // method 0 = deflate is the only one
        auto text = inflate_capped(c.body + pos + 1, n - pos - 1);
        if (!text) return std::nullopt;
        return std::make_pair(key, valid_utf8(*text) ? *text : latin1_to_utf8(*text));
    }
    // iTXt: flag, method, language\0, translated keyword\0, UTF-8 text.
    if (n - pos < 2) return std::nullopt;
    const bool compressed = p[pos] != 0;
    if (compressed && p[pos + 1] != 0) return std::nullopt;
    pos += 2;
    for (int field = 0; field < 2; ++field) {
        const void* end = std::memchr(p + pos, 0, n - pos);
        if (!end) return std::nullopt;
        pos = size_t(static_cast<const char*>(end) - p) + 1;
    }
    if (!compressed) return std::make_pair(key, std::string(p + pos, n - pos));
    auto text = inflate_capped(c.body + pos, n - pos);
    if (!text) return std::nullopt;
    return std::make_pair(key, *text);
}

bool is_text_chunk(const std::string& type) {
    return type == "tEXt" || type == "zTXt" || type == "iTXt";
}

void append_chunk(std::vector<uint8_t>& out, const char* type, const std::string& body) {
    put_be32(out, uint32_t(body.size()));
    const size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), body.begin(), body.end());
    put_be32(out, uint32_t(crc32(0L, out.data() + start, uInt(body.size() + 4))));
}

// The keyword as Latin-1 bytes; throws when it is not a valid PNG keyword.
std::string latin1_keyword(const std::string& key) {
    std::string out;
    for (size_t i = 0; i < key.size(); ++i) {
        const auto c = uint8_t(key[i]);
        if (c < 0x80) {
            out.push_back(char(c));
        } else if ((c == 0xC2 || c == 0xC3) && i + 1 < key.size()) {
            out.push_back(char(((c & 0x03) << 6) | (uint8_t(key[++i]) & 0x3F)));
        } else {
            throw Error("PNG text keyword '" + key + "' must be Latin-1");
        }
    }
    if (out.empty() || out.size() > 79 || out.find('\0') != std::string::npos)
        throw Error("PNG text keyword '" + key + "' must be 1 to 79 characters");
    return out;
}

}  // namespace

TextChunks read_png_text(const uint8_t* data, size_t size) {
    TextChunks out;
    if (!data || !is_png(data, size)) return out;
    walk_chunks(data, size, [&](const Chunk& c) {
        if (!c.crc_ok || !is_text_chunk(c.type)) return;
        if (auto kv = decode_text(c)) out.push_back(std::move(*kv));
    });
    return out;
}

TextChunks read_png_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("Cannot open '" + path + "': the file does not exist or is unreadable");
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    if (!is_png(bytes.data(), bytes.size()))
        throw Error("Cannot read text from '" + path + "': it is not a PNG file");
    return read_png_text(bytes.data(), bytes.size());
}

std::optional<std::string> read_png_parameters(const std::string& path) {
    for (auto& [key, value] : read_png_text_file(path))
        if (key == "parameters") return value;
    return std::nullopt;
}

std::vector<uint8_t> insert_png_text(const std::vector<uint8_t>& png, const TextChunks& chunks) {
    if (!is_png(png.data(), png.size())) throw Error("Cannot add PNG text: the data is not a PNG");
    std::set<std::string> replaced;
    std::vector<uint8_t> encoded;
    for (const auto& [key, value] : chunks) {
        const std::string keyword = latin1_keyword(key);
        replaced.insert(key);
        bool ascii = true;
        for (const char ch : value) ascii = ascii && uint8_t(ch) < 0x80 && ch != '\0';
        if (ascii) {
            append_chunk(encoded, "tEXt", keyword + '\0' + value);
        } else {
            if (!valid_utf8(value)) throw Error("PNG text for '" + key + "' is not valid UTF-8");
            // Uncompressed, no language tag, no translated keyword.
            append_chunk(encoded, "iTXt", keyword + std::string("\0\0\0\0\0", 5) + value);
        }
    }

    std::vector<uint8_t> out(png.begin(), png.begin() + 8);
    bool inserted = false;
    const bool complete = walk_chunks(png.data(), png.size(), [&](const Chunk& c) {
        if (!inserted && (c.type == "IDAT" || c.type == "IEND")) {
            out.insert(out.end(), encoded.begin(), encoded.end());
            inserted = true;
        }
        if (is_text_chunk(c.type) && c.crc_ok) {
            auto kv = decode_text(c);
            if (kv && replaced.count(kv->first)) return;
        }
        out.insert(out.end(), png.begin() + c.offset, png.begin() + c.end());
    });
    if (!complete || !inserted) throw Error("Cannot add PNG text: the PNG is truncated or corrupt");
    return out;
}

}  // namespace reverie::image
