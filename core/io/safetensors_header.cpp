#include "core/io/safetensors_header.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/common/error.h"

namespace reverie::io {
namespace {

constexpr uint64_t kMaxHeaderBytes = 100ull * 1000 * 1000;
// A real header is 3 levels deep; this bounds the parser's recursion.
constexpr int kMaxJsonDepth = 16;
constexpr size_t kMaxRank = 8;

struct DTypeSize {
    const char* name;
    size_t size;
};

const DTypeSize kDTypeSizes[] = {
    {"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8},
    {"I32", 4}, {"I16", 2}, {"I8", 1},  {"U8", 1},   {"BOOL", 1},
};

// Rejects absurdly nested JSON before handing it to the recursive parser.
void check_depth(const std::string& what, const char* p, size_t n) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < n; ++i) {
        char c = p[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > kMaxJsonDepth) throw Error(what + ": header JSON is nested too deeply");
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
}

}  // namespace

size_t dtype_size(const std::string& dtype, const std::string& what) {
    for (const auto& e : kDTypeSizes)
        if (dtype == e.name) return e.size;
    throw Error(what + ": unsupported dtype '" + dtype +
                "' (supported: F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL)");
}

void parse_header(const std::string& what, const char* json_bytes, size_t json_size,
                  uint64_t data_size, std::vector<TensorInfo>& infos,
                  std::map<std::string, std::string>& metadata) {
    check_depth(what, json_bytes, json_size);
    nlohmann::json header = nlohmann::json::parse(json_bytes, json_bytes + json_size, nullptr,
                                                  /*allow_exceptions=*/false);
    if (header.is_discarded()) throw Error(what + ": header is not valid JSON");
    if (!header.is_object()) throw Error(what + ": header is not a JSON object");

    infos.clear();
    metadata.clear();
    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        const auto& entry = it.value();
        if (name == "__metadata__") {
            if (!entry.is_object()) throw Error(what + ": __metadata__ is not an object");
            for (auto m = entry.begin(); m != entry.end(); ++m) {
                if (!m.value().is_string())
                    throw Error(what + ": __metadata__ value '" + m.key() + "' is not a string");
                metadata[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        const std::string where = what + ": tensor '" + name + "'";
        if (!entry.is_object()) throw Error(where + " has no description object");
        auto dt = entry.find("dtype");
        auto sh = entry.find("shape");
        auto off = entry.find("data_offsets");
        if (dt == entry.end() || !dt->is_string()) throw Error(where + " has no dtype");
        if (sh == entry.end() || !sh->is_array()) throw Error(where + " has no shape");
        if (off == entry.end() || !off->is_array() || off->size() != 2)
            throw Error(where + " has no [begin, end] data_offsets");

        TensorInfo info;
        info.name = name;
        info.dtype = dt->get<std::string>();
        const size_t elem = dtype_size(info.dtype, where);
        if (sh->size() > kMaxRank) throw Error(where + " has rank " + std::to_string(sh->size()));
        uint64_t numel = 1;
        for (const auto& d : *sh) {
            if (!d.is_number_integer() || d.get<int64_t>() < 0)
                throw Error(where + " has a negative or non-integer dimension");
            uint64_t dim = d.get<uint64_t>();
            if (dim != 0 && numel > data_size / dim)
                throw Error(where + " has a shape larger than the file's data");
            numel *= dim;
            info.shape.push_back(static_cast<int64_t>(dim));
        }
        for (const auto& o : *off)
            if (!o.is_number_unsigned()) throw Error(where + " has non-integer data_offsets");
        info.begin = (*off)[0].get<uint64_t>();
        info.end = (*off)[1].get<uint64_t>();
        if (info.begin > info.end || info.end > data_size)
            throw Error(where + " has data_offsets [" + std::to_string(info.begin) + ", " +
                        std::to_string(info.end) + "] outside the data area of " +
                        std::to_string(data_size) + " bytes (truncated file?)");
        if (info.end - info.begin != numel * elem)
            throw Error(where + " occupies " + std::to_string(info.end - info.begin) +
                        " bytes but its shape and dtype need " + std::to_string(numel * elem));
        infos.push_back(std::move(info));
    }

    std::vector<const TensorInfo*> by_offset;
    for (const auto& i : infos) by_offset.push_back(&i);
    std::sort(by_offset.begin(), by_offset.end(),
              [](const TensorInfo* a, const TensorInfo* b) { return a->begin < b->begin; });
    for (size_t i = 1; i < by_offset.size(); ++i)
        if (by_offset[i]->begin < by_offset[i - 1]->end)
            throw Error(what + ": tensors '" + by_offset[i - 1]->name + "' and '" +
                        by_offset[i]->name + "' overlap");
}

uint64_t parse_safetensors(const std::string& what, const uint8_t* file, uint64_t file_size,
                           std::vector<TensorInfo>& infos,
                           std::map<std::string, std::string>& metadata) {
    if (file_size < 8) throw Error(what + " is too short to be a safetensors file");
    uint64_t header_len = 0;
    for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | file[i];
    if (header_len > kMaxHeaderBytes)
        throw Error(what + " declares a header of " + std::to_string(header_len) +
                    " bytes (over the 100 MB limit): not a safetensors file, or corrupt");
    if (8 + header_len > file_size)
        throw Error(what + " declares a header of " + std::to_string(header_len) +
                    " bytes but the file has only " + std::to_string(file_size) +
                    " bytes (truncated?)");
    parse_header(what, reinterpret_cast<const char*>(file + 8), header_len,
                 file_size - 8 - header_len, infos, metadata);
    return 8 + header_len;
}

}  // namespace reverie::io
