#include "core/io/torch_pickle.h"

#include <cstring>

#include "core/common/error.h"
#include "core/io/mapped_file.h"
#include "core/io/restricted_pickle.h"
#include "core/io/torch_zip.h"

namespace reverie::io {

namespace {

using Kind = PickleValue::Kind;

constexpr int kMaxDepth = 64;
constexpr size_t kMaxDims = 16;

torch::ScalarType storage_dtype(const std::string& what, const std::string& name) {
    static const std::map<std::string, torch::ScalarType> types = {
        {"FloatStorage", torch::kFloat32},     {"HalfStorage", torch::kFloat16},
        {"BFloat16Storage", torch::kBFloat16}, {"DoubleStorage", torch::kFloat64},
        {"LongStorage", torch::kInt64},        {"IntStorage", torch::kInt32},
        {"ShortStorage", torch::kInt16},       {"CharStorage", torch::kInt8},
        {"ByteStorage", torch::kUInt8},        {"BoolStorage", torch::kBool},
    };
    auto it = types.find(name);
    if (it == types.end()) throw Error(what + ": unknown storage type '" + name + "'");
    return it->second;
}

std::vector<int64_t> ints(const std::string& what, const PickleRef& tuple) {
    if (tuple->items.size() > kMaxDims) throw Error(what + ": a tensor of too many dimensions");
    std::vector<int64_t> out;
    for (const auto& v : tuple->items) {
        if (v->kind != Kind::Int || v->integer < 0)
            throw Error(what + ": a tensor size or stride that is not a count");
        out.push_back(v->integer);
    }
    return out;
}

class Builder {
  public:
    Builder(const std::string& what, const uint8_t* data,
            const std::map<std::string, ZipEntry>& zip, const std::string& prefix)
        : what_(what), data_(data), zip_(zip), prefix_(prefix) {}

    void walk(const PickleRef& v, const std::string& path, int depth, TorchFileContents& out) {
        if (depth > kMaxDepth) throw Error(what_ + ": containers nested too deeply");
        auto child = [&](const std::string& key) { return path.empty() ? key : path + "." + key; };
        switch (v->kind) {
            case Kind::Dict:
                for (const auto& [k, value] : v->entries) {
                    if (k->kind == Kind::String)
                        walk(value, child(k->text), depth + 1, out);
                    else if (k->kind == Kind::Int)
                        walk(value, child(std::to_string(k->integer)), depth + 1, out);
                }
                return;
            case Kind::List:
            case Kind::Tuple:
                for (size_t i = 0; i < v->items.size(); ++i)
                    walk(v->items[i], child(std::to_string(i)), depth + 1, out);
                return;
            case Kind::Tensor:
                out.tensors.emplace_back(path, tensor(*v));
                return;
            case Kind::String:
                out.values[path] = v->text;
                return;
            case Kind::Int:
                out.values[path] = std::to_string(v->integer);
                return;
            case Kind::Float:
                out.values[path] = std::to_string(v->real);
                return;
            case Kind::Bool:
                out.values[path] = v->boolean ? "True" : "False";
                return;
            default:
                return;
        }
    }

  private:
    torch::Tensor storage(const PickleValue& s) {
        auto cached = storages_.find(s.key);
        if (cached != storages_.end()) return cached->second;
        const auto dtype = storage_dtype(what_, s.text);
        auto it = zip_.find(prefix_ + "data/" + s.key);
        if (it == zip_.end())
            throw Error(what_ + ": storage '" + s.key + "' is missing from the archive");
        const uint64_t element = uint64_t(c10::elementSize(dtype));
        if (uint64_t(s.numel) > it->second.size / element)
            throw Error(what_ + ": storage '" + s.key + "' is shorter than its " +
                        std::to_string(s.numel) + " elements");
        auto t = torch::empty({s.numel}, torch::TensorOptions().dtype(dtype));
        std::memcpy(t.data_ptr(), data_ + it->second.offset, size_t(uint64_t(s.numel) * element));
        storages_[s.key] = t;
        return t;
    }

    torch::Tensor tensor(const PickleValue& v) {
        const auto& st = *v.items[0];
        const int64_t offset = v.items[1]->integer;
        const auto sizes = ints(what_, v.items[2]);
        const auto strides = ints(what_, v.items[3]);
        if (sizes.size() != strides.size() || offset < 0)
            throw Error(what_ + ": a tensor whose sizes and strides disagree");
        const auto base = storage(st);
        // The last element the view reads must lie inside its storage (no overflow: every size
        // and stride is checked against the storage's length first).
        uint64_t last = uint64_t(offset);
        bool empty = false;
        for (size_t i = 0; i < sizes.size(); ++i) {
            if (sizes[i] == 0) empty = true;
            if (uint64_t(sizes[i]) > uint64_t(st.numel) + 1 ||
                uint64_t(strides[i]) > uint64_t(st.numel))
                throw Error(what_ + ": a tensor view larger than its storage");
            if (sizes[i] > 0) last += uint64_t(sizes[i] - 1) * uint64_t(strides[i]);
        }
        if (empty) return torch::empty(sizes, base.options());
        if (last >= uint64_t(st.numel)) throw Error(what_ + ": a tensor view past its storage");
        return base.as_strided(sizes, strides, offset).clone();
    }

    const std::string& what_;
    const uint8_t* data_;
    const std::map<std::string, ZipEntry>& zip_;
    std::string prefix_;
    std::map<std::string, torch::Tensor> storages_;
};

}  // namespace

TorchFileContents read_torch_bytes(const std::string& what, const uint8_t* data, uint64_t size) {
    if (size >= 2 && data[0] == 0x80)
        throw Error(what +
                    " is a legacy (pre-1.6) PyTorch file; re-save it with torch.save or "
                    "convert it to .safetensors");
    const auto zip = read_zip_directory(what, data, size);
    std::string prefix;
    const ZipEntry* pickle = nullptr;
    for (const auto& [name, entry] : zip) {
        const auto slash = name.find('/');
        if (slash != std::string::npos && name.substr(slash + 1) == "data.pkl") {
            if (pickle) throw Error(what + ": two pickles in one archive");
            prefix = name.substr(0, slash + 1);
            pickle = &entry;
        }
    }
    if (!pickle) throw Error(what + ": a zip archive without a PyTorch pickle (data.pkl)");
    auto order = zip.find(prefix + "byteorder");
    if (order != zip.end() &&
        std::string(reinterpret_cast<const char*>(data + order->second.offset),
                    size_t(order->second.size)) != "little")
        throw Error(what + ": big-endian tensors are not supported");
    const auto root = read_restricted_pickle(what, data + pickle->offset, size_t(pickle->size));
    TorchFileContents out;
    Builder(what, data, zip, prefix).walk(root, "", 0, out);
    return out;
}

TorchFileContents read_torch_file(const std::string& path) {
    const MappedFile file(path, LoadMode::Copy);
    return read_torch_bytes("'" + path + "'", file.data(), file.size());
}

}  // namespace reverie::io
