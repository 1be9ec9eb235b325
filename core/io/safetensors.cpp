#include "core/io/safetensors.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/io/mapped_file.h"
#include "core/io/mapped_pages.h"

namespace reverie::io {
namespace {

struct DTypeEntry {
    const char* name;
    torch::ScalarType type;
};

const DTypeEntry kDTypes[] = {
    {"F64", torch::kFloat64},   {"F32", torch::kFloat32}, {"F16", torch::kFloat16},
    {"BF16", torch::kBFloat16}, {"I64", torch::kInt64},   {"I32", torch::kInt32},
    {"I16", torch::kInt16},     {"I8", torch::kInt8},     {"U8", torch::kUInt8},
    {"BOOL", torch::kBool},
};

const DTypeEntry& find_dtype(const std::string& dtype, const std::string& what) {
    dtype_size(dtype, what);  // throws the error that lists the supported dtypes
    for (const auto& e : kDTypes)
        if (dtype == e.name) return e;
    throw Error(what + ": dtype '" + dtype + "' has no torch type");
}

}  // namespace

torch::ScalarType to_scalar_type(const std::string& dtype, const std::string& what) {
    return find_dtype(dtype, what).type;
}

std::string from_scalar_type(torch::ScalarType type) {
    for (const auto& e : kDTypes)
        if (e.type == type) return e.name;
    throw Error(std::string("cannot store tensors of type ") + c10::toString(type) +
                " in safetensors");
}

namespace {
// Keeps a mapped file alive for as long as a tensor views it.
struct MappedView {
    std::shared_ptr<MappedFile> map;
};
void delete_mapped_view(void* ctx) {
    delete static_cast<MappedView*>(ctx);
}
}  // namespace

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(const std::string& path, LoadMode mode) {
    auto map = std::make_shared<MappedFile>(path, mode);
    std::shared_ptr<SafetensorsFile> file(new SafetensorsFile());
    file->path_ = path;
    const uint64_t data_offset = parse_safetensors("'" + path + "'", map->data(), map->size(),
                                                   file->infos_, file->metadata_);
    file->data_ = map->data() + data_offset;
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

std::shared_ptr<SafetensorsFile> SafetensorsFile::in_memory(
    const std::string& path, std::vector<std::pair<std::string, torch::Tensor>> tensors) {
    std::shared_ptr<SafetensorsFile> file(new SafetensorsFile());
    file->path_ = path;
    uint64_t offset = 0;
    for (auto& [name, t] : tensors) {
        if (file->index_.count(name)) throw Error("'" + path + "' holds '" + name + "' twice");
        TensorInfo info;
        info.name = name;
        info.dtype = from_scalar_type(t.scalar_type());
        info.shape = t.sizes().vec();
        info.begin = offset;
        offset += uint64_t(t.numel()) * t.element_size();
        info.end = offset;
        file->index_[name] = file->infos_.size();
        file->infos_.push_back(std::move(info));
        file->keys_.push_back(name);
        file->held_.push_back(t.contiguous());
    }
    return file;
}

uint64_t SafetensorsFile::file_size() const {
    return map_ ? map_->size() : (infos_.empty() ? 0 : infos_.back().end);
}

const TensorInfo& SafetensorsFile::info(const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end()) throw Error("'" + path_ + "' has no tensor '" + name + "'");
    return infos_[it->second];
}

torch::Tensor SafetensorsFile::tensor(const std::string& name) const {
    const TensorInfo& i = info(name);
    if (!map_) return held_[index_.at(name)];
    const size_t elem = dtype_size(i.dtype, path_);
    auto options =
        torch::TensorOptions().dtype(find_dtype(i.dtype, path_).type).device(torch::kCPU);
    uint8_t* ptr = map_->mutable_data() + (data_ - map_->data()) + i.begin;
    if (i.end == i.begin) return torch::empty(i.shape, options);
    if (reinterpret_cast<uintptr_t>(ptr) % elem != 0) {
        auto t = torch::empty(i.shape, options);
        std::memcpy(t.data_ptr(), ptr, i.end - i.begin);
        return t;
    }
    // The view's context names its file, so release_mapped_pages can recognise it.
    return at::for_blob(ptr, i.shape)
        .context(new MappedView{map_}, &delete_mapped_view)
        .options(options)
        .make_tensor();
}

bool release_mapped_pages(const torch::Tensor& t) {
    if (!t.defined() || !t.has_storage() || !t.device().is_cpu()) return false;
    const auto& dp = t.storage().data_ptr();
    if (dp.get_deleter() != &delete_mapped_view) return false;
    const MappedFile& map = *static_cast<const MappedView*>(dp.get_context())->map;
    if (map.mode() != LoadMode::Map) return false;
    map.release_pages(t.data_ptr(), uint64_t(t.numel()) * t.element_size());
    return true;
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
