#include "core/adapters/embedding_file.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "core/adapters/target_names.h"
#include "core/common/error.h"
#include "core/io/safetensors.h"
#include "core/io/torch_pickle.h"

namespace reverie::adapters {

namespace fs = std::filesystem;

namespace {

// Keys that name the encoder their vectors belong to.
const std::pair<const char*, const char*> kEncoderKeys[] = {
    {"clip_l", kTextEncoder},
    {"clip_g", kTextEncoder2},
    {"emb_params", kTextEncoder},
};

torch::Tensor as_vectors(const std::string& what, const std::string& key, const torch::Tensor& t) {
    std::ostringstream shape;
    shape << t.sizes();
    if (!t.is_floating_point() || t.dim() < 1 || t.dim() > 2 || t.numel() == 0)
        throw Error(what + ": '" + key + "' of shape " + shape.str() +
                    " is not a list of token vectors");
    auto v = t.to(torch::kFloat32).reshape({-1, t.size(-1)}).clone();
    if (v.size(0) > kMaxEmbeddingVectors)
        throw Error(what + ": '" + key + "' has " + std::to_string(v.size(0)) +
                    " vectors; a prompt holds at most " + std::to_string(kMaxEmbeddingVectors));
    if (!torch::isfinite(v).all().item<bool>())
        throw Error(what + ": '" + key + "' holds non-finite values");
    return v;
}

}  // namespace

TextualInversion embedding_from_tensors(const std::string& name, const std::string& path,
                                        const NamedTensorList& tensors) {
    const std::string what = "embedding '" + path + "'";
    TextualInversion ti;
    ti.name = name;
    ti.path = path;
    for (const auto& [key, tensor] : tensors)
        for (const auto& [k, component] : kEncoderKeys)
            if (key == k) ti.vectors[component] = as_vectors(what, key, tensor);
    if (ti.vectors.empty()) {
        if (tensors.size() != 1)
            throw Error(what + ": " + std::to_string(tensors.size()) +
                        " tensors and none named emb_params, clip_l or clip_g: not a textual "
                        "inversion embedding");
        ti.vectors[kTextEncoder] = as_vectors(what, tensors[0].first, tensors[0].second);
    }
    for (const auto& [component, v] : ti.vectors)
        if (v.size(0) != ti.count()) throw Error(what + ": its encoders' vector counts differ");
    return ti;
}

TextualInversion read_embedding(const std::string& path) {
    NamedTensorList tensors;
    if (fs::path(path).extension() == ".safetensors") {
        auto st = io::SafetensorsFile::open(path, io::LoadMode::Copy);
        for (const auto& k : st->keys()) tensors.emplace_back(k, st->tensor(k));
    } else {
        // A1111's .pt: {"string_to_param": {"*": vectors}, "name": …, "step": …}; diffusers'
        // .bin: {token: vectors}. Read by the restricted unpickler: no code runs.
        const auto contents = io::read_torch_file(path);
        for (const auto& [key, t] : contents.tensors)
            if (key.rfind("string_to_param.", 0) == 0) tensors = {{"emb_params", t}};
        if (tensors.empty()) tensors = contents.tensors;
    }
    return embedding_from_tensors(fs::path(path).stem().string(), path, tensors);
}

std::vector<std::string> list_embedding_files(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(
             dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const auto ext = it->path().extension();
        if (ext == ".safetensors" || ext == ".pt" || ext == ".bin")
            out.push_back(it->path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace reverie::adapters
