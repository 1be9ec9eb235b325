#include "core/io/controlnet_file.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/io/checkpoint.h"
#include "core/io/keymap/controlnet_keys.h"
#include "core/io/safetensors.h"

namespace reverie::io {
namespace fs = std::filesystem;

namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

StateDict read_all(const std::string& file) {
    auto f = open_weights_file(file);
    StateDict out;
    for (const auto& k : f->keys()) out.emplace(k, f->tensor(k));
    return out;
}

// What the keys say this file is, when it is something Reverie does not run.
void refuse_other_kinds(const StateDict& w, const std::string& path) {
    auto has = [&](const std::string& key) { return w.count(key) != 0; };
    auto any_prefix = [&](const std::string& prefix) {
        auto it = w.lower_bound(prefix);
        return it != w.end() && starts_with(it->first, prefix);
    };
    std::string what;
    if (has("difference") || has("control_model.difference"))
        what =
            "a Diff-ControlNet (stored as the difference to an SD 1.5 model's weights); use the "
            "full ControlNet of the same kind";
    else if (has("lora_controlnet"))
        what = "a Control-LoRA (Stability AI's low-rank ControlNet)";
    else if (any_prefix("body.") || any_prefix("adapter."))
        what = "a T2I-Adapter";
    else if (has("task_embedding") || any_prefix("control_add_embedding.") ||
             any_prefix("control_model.task_embedding"))
        what = "a ControlNet union (ControlNet++ / ProMax) model";
    else if (any_prefix("transformer_blocks.") || any_prefix("controlnet_blocks.") ||
             any_prefix("controlnet_single_blocks."))
        what = "a ControlNet for a transformer model (SD3 / Flux)";
    if (!what.empty())
        throw Error("'" + path + "' is " + what +
                    "; Reverie runs ordinary ControlNets only for now");
}

ControlNetFile read_folder(const fs::path& dir, const UNetConfig& base) {
    ControlNetFile out;
    out.name = dir.filename().string();
    const fs::path config = dir / "config.json";
    if (!fs::is_regular_file(config))
        throw Error("'" + dir.string() + "' has no config.json; it is not a diffusers ControlNet");
    nlohmann::json j;
    try {
        std::ifstream in(config);
        j = nlohmann::json::parse(in);
    } catch (const std::exception& e) {
        throw Error("'" + config.string() + "' is not valid JSON: " + e.what());
    }
    try {
        out.config = ControlNetConfig::from_diffusers_json(j);
        out.config.check_fits(base);
    } catch (const Error& e) {
        throw Error("'" + dir.string() + "': " + e.what());
    }
    fs::path weights;
    for (const char* name :
         {"diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.fp16.safetensors"})
        if (weights.empty() && fs::is_regular_file(dir / name)) weights = dir / name;
    if (weights.empty()) {
        for (const char* name : {"diffusion_pytorch_model.bin", "diffusion_pytorch_model.fp16.bin"})
            if (fs::exists(dir / name)) refuse_pickle((dir / name).string());
        throw Error("'" + dir.string() + "' has no diffusion_pytorch_model.safetensors");
    }
    out.weights = read_all(weights.string());
    refuse_other_kinds(out.weights, weights.string());
    return out;
}

ControlNetFile read_single_file(const fs::path& file, const UNetConfig& base) {
    ControlNetFile out;
    out.name = file.stem().string();
    StateDict raw = read_all(file.string());
    refuse_other_kinds(raw, file.string());
    // The `control_model.` prefix is there in lllyasviel's files and absent in many re-saves.
    const std::string prefix = "control_model.";
    StateDict ldm;
    for (auto& [key, t] : raw)
        ldm.emplace(starts_with(key, prefix) ? key.substr(prefix.size()) : key, t);
    if (ldm.count("controlnet_cond_embedding.conv_in.weight"))
        throw Error("'" + file.string() +
                    "' is a ControlNet in diffusers' names; put it in a folder beside its "
                    "config.json (diffusers layout)");
    if (!ldm.count("input_hint_block.0.weight") || !ldm.count("zero_convs.0.0.weight"))
        throw Error("'" + file.string() +
                    "' is not a ControlNet (no input_hint_block / zero_convs weights)");
    try {
        out.config = ControlNetConfig::from_ldm_weights(ldm, base);
        out.config.check_fits(base);
        out.weights = controlnet_from_ldm(ldm, out.config);
    } catch (const Error& e) {
        throw Error("'" + file.string() + "': " + e.what());
    }
    return out;
}

}  // namespace

ControlNetFile read_controlnet(const std::string& path, const UNetConfig& base) {
    const fs::path p(path);
    if (fs::is_directory(p)) return read_folder(p, base);
    if (!fs::exists(p)) throw Error("ControlNet '" + path + "' does not exist");
    return read_single_file(p, base);
}

}  // namespace reverie::io
