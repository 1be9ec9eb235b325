#include "core/io/safetensors.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/io/mapped_file.h"

namespace reverie::io {
namespace {

constexpr uint64_t kMaxHeaderBytes = 100ull * 1000 * 1000;
constexpr int kMaxJsonDepth =
    16;  // a real header is 3 levels deep; this bounds the parser's recursion
constexpr size_t kMaxRank = 8;

struct DTypeEntry {
    const char* name;
    size_t size;
    torch::ScalarType type;
};

const DTypeEntry kDTypes[] = {
    {"F64", 8, torch::kFloat64},   {"F32", 4, torch::kFloat32}, {"F16", 2, torch::kFloat16},
    {"BF16", 2, torch::kBFloat16}, {"I64", 8, torch::kInt64},   {"I32", 4, torch::kInt32},
    {"I16", 2, torch::kInt16},     {"I8", 1, torch::kInt8},     {"U8", 1, torch::kUInt8},
    {"BOOL", 1, torch::kBool},
};

const DTypeEntry& find_dtype(const std::string& dtype, const std::string& what) {
    for (const auto& e : kDTypes)
        if (dtype == e.name) return e;
    throw Error(what + ": unsupported dtype '" + dtype +
                "' (supported: F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL)");
}

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
    return find_dtype(dtype, what).size;
}

torch::ScalarType to_scalar_type(const std::string& dtype, const std::string& what) {
    return find_dtype(dtype, what).type;
}

std::string from_scalar_type(torch::ScalarType type) {
    for (const auto& e : kDTypes)
        if (e.type == type) return e.name;
    throw Error(std::string("cannot store tensors of type ") + c10::toString(type) +
                " in safetensors");
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

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(const std::string& path) {
    auto map = std::make_shared<MappedFile>(path);
    const std::string what = "'" + path + "'";
    if (map->size() < 8) throw Error(what + " is too short to be a safetensors file");
    uint64_t header_len = 0;
    for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | map->data()[i];
    if (header_len > kMaxHeaderBytes)
        throw Error(what + " declares a header of " + std::to_string(header_len) +
                    " bytes (over the 100 MB limit): not a safetensors file, or corrupt");
    if (8 + header_len > map->size())
        throw Error(what + " declares a header of " + std::to_string(header_len) +
                    " bytes but the file has only " + std::to_string(map->size()) +
                    " bytes (truncated?)");

    std::shared_ptr<SafetensorsFile> file(new SafetensorsFile());
    file->path_ = path;
    const uint64_t data_size = map->size() - 8 - header_len;
    parse_header(what, reinterpret_cast<const char*>(map->data() + 8), header_len, data_size,
                 file->infos_, file->metadata_);
    file->data_ = map->data() + 8 + header_len;
    file->map_ = std::move(map);
    // File order is the order of data offsets, which is how writers lay tensors out.
    std::vector<size_t> order(file->infos_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return file->infos_[a].begin < file->infos_[b].begin;
    });
    for (size_t i : order) {
        file->index_[file->infos_[i].name] = i;
        file->keys_.push_back(file->infos_[i].name);
    }
    return file;
}

uint64_t SafetensorsFile::file_size() const {
    return map_->size();
}

const TensorInfo& SafetensorsFile::info(const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end()) throw Error("'" + path_ + "' has no tensor '" + name + "'");
    return infos_[it->second];
}

torch::Tensor SafetensorsFile::tensor(const std::string& name) const {
    const TensorInfo& i = info(name);
    const auto& entry = find_dtype(i.dtype, path_);
    auto options = torch::TensorOptions().dtype(entry.type).device(torch::kCPU);
    uint8_t* ptr = map_->mutable_data() + (data_ - map_->data()) + i.begin;
    if (i.end == i.begin) return torch::empty(i.shape, options);
    if (reinterpret_cast<uintptr_t>(ptr) % entry.size != 0) {
        auto t = torch::empty(i.shape, options);
        std::memcpy(t.data_ptr(), ptr, i.end - i.begin);
        return t;
    }
    auto keep_alive = map_;
    return torch::from_blob(
        ptr, i.shape, [keep_alive](void*) mutable { keep_alive.reset(); }, options);
}

void save_safetensors(const std::string& path, const NamedTensors& tensors,
                      const std::map<std::string, std::string>& metadata) {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::vector<torch::Tensor> contiguous;
    uint64_t offset = 0;
    for (const auto& [name, t] : tensors) {
        if (name == "__metadata__") throw Error("'__metadata__' is not a valid tensor name");
        auto c = t.detach().to(torch::kCPU).contiguous();
        uint64_t bytes = c.numel() * c.element_size();
        header[name] = {{"dtype", from_scalar_type(c.scalar_type())},
                        {"shape", c.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        contiguous.push_back(c);
    }
    std::string json = header.dump();
    while ((json.size() + 8) % 8 != 0) json.push_back(' ');  // keeps the data area 8-byte aligned

    const std::string tmp = path + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error("cannot write '" + tmp + "'");
        uint64_t n = json.size();
        char len[8];
        for (int i = 0; i < 8; ++i) len[i] = static_cast<char>((n >> (8 * i)) & 0xff);
        out.write(len, 8);
        out.write(json.data(), static_cast<std::streamsize>(json.size()));
        for (const auto& c : contiguous)
            out.write(static_cast<const char*>(c.data_ptr()),
                      static_cast<std::streamsize>(c.numel() * c.element_size()));
        out.flush();
        if (!out) {
            std::remove(tmp.c_str());
            throw Error("failed writing '" + path + "' (disk full?)");
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw Error("cannot move '" + tmp + "' to '" + path + "'");
    }
}

}  // namespace reverie::io
