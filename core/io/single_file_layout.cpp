#include "core/io/single_file_layout.h"

#include <algorithm>
#include <climits>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "core/common/error.h"
#include "core/io/keymap/block_index.h"

namespace fs = std::filesystem;

namespace reverie::io {
namespace {

bool starts_with(const std::string& s, const std::string& p) {
    return s.compare(0, p.size(), p) == 0;
}

class TensorTable {
  public:
    TensorTable(const std::string& path, const std::vector<TensorInfo>& tensors) : path_(path) {
        for (const auto& t : tensors) by_name_.emplace(t.name, &t);
    }
    const TensorInfo* find(const std::string& name) const {
        auto it = by_name_.find(name);
        return it == by_name_.end() ? nullptr : it->second;
    }
    bool has_prefix(const std::string& prefix) const {
        for (const auto& kv : by_name_)
            if (starts_with(kv.first, prefix)) return true;
        return false;
    }
    // Dimension `i` of a tensor that must exist with at least i + 1 dimensions, as an int.
    int dim(const std::string& name, size_t i, const char* role) const {
        const TensorInfo* t = find(name);
        if (!t) throw Error("'" + path_ + "': " + role + " tensor '" + name + "' is missing");
        if (t->shape.size() <= i)
            throw Error("'" + path_ + "': " + role + " tensor '" + name + "' has " +
                        std::to_string(t->shape.size()) + " dimensions, expected at least " +
                        std::to_string(i + 1));
        if (t->shape[i] > INT_MAX)
            throw Error("'" + path_ + "': " + role + " tensor '" + name + "' is absurdly large");
        return static_cast<int>(t->shape[i]);
    }
    int block_count(const std::string& prefix) const {
        int n = 0;
        for (const auto& kv : by_name_)
            if (auto i = block_index(kv.first, prefix)) n = std::max(n, *i + 1);
        return n;
    }

  private:
    std::string path_;
    std::unordered_map<std::string, const TensorInfo*> by_name_;
};

// The LDM yaml's model.params: configs, parameterization, schedule, text encoder details.
void read_ldm_yaml(const SidecarYaml& yaml, ModelDescription& d, SingleFileLayout& layout,
                   int& heads) {
    try {
        YAML::Node root = YAML::Load(yaml.text);
        const auto params = root["model"]["params"];
        if (!params || !params["unet_config"] || !params["first_stage_config"])
            throw Error("'" + yaml.path +
                        "' is not an LDM inference config (no model.params.unet_config)");
        d.prediction =
            params["parameterization"] && params["parameterization"].as<std::string>() == "v"
                ? Prediction::VPrediction
                : Prediction::Epsilon;
        d.unet_config = {ConfigSource::Kind::LdmYaml, {}, params["unet_config"]["params"], ""};
        d.vae_config = {
            ConfigSource::Kind::LdmYaml, {}, params["first_stage_config"]["params"], ""};
        if (params["scale_factor"]) d.vae_scaling_factor = params["scale_factor"].as<double>();
        const auto cond = params["cond_stage_config"]["params"];
        if (cond && cond["layer"])
            layout.text_drop_blocks = cond["layer"].as<std::string>() == "penultimate" ? 1 : 0;
        if (cond && cond["tiny_text_config"]) {
            const auto t = cond["tiny_text_config"];
            if (t["heads"]) heads = t["heads"].as<int>();
            if (t["act"]) d.text.activation = parse_clip_activation(t["act"].as<std::string>());
        }
        d.scheduler_config = default_scheduler_config(d.prediction);
        if (params["linear_start"])
            d.scheduler_config["beta_start"] = params["linear_start"].as<double>();
        if (params["linear_end"])
            d.scheduler_config["beta_end"] = params["linear_end"].as<double>();
        if (params["timesteps"])
            d.scheduler_config["num_train_timesteps"] = params["timesteps"].as<int>();
    } catch (const YAML::Exception& e) {
        throw Error("cannot read '" + yaml.path + "': " + e.what());
    }
    d.config_origin = "sidecar yaml " + fs::path(yaml.path).filename().string();
}

// No yaml: recognise the real SD 1.5 / 2.1 configs by the cross-attention width.
void detect_preset(const std::string& path, const TensorTable& table, bool open_clip,
                   ModelDescription& d) {
    const std::string ctx_key =
        std::string(kLdmUNetPrefix) + "input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight";
    const int64_t ctx = table.find(ctx_key) ? table.dim(ctx_key, 1, "UNet") : -1;
    const bool inpaint = d.unet_in_channels == 9;
    if (ctx == 768 && !open_clip) {
        d.unet_config.preset = inpaint ? "sd15-inpaint" : "sd15";
    } else if (ctx == 1024 && open_clip) {
        d.unet_config.preset = inpaint ? "sd21-inpaint" : "sd21";
        // SD 2.x at 768 px is v-prediction, its 512 px base is epsilon; nothing in the weights
        // tells them apart, so assume the common 2.1 release and say so.
        d.prediction = inpaint ? Prediction::Epsilon : Prediction::VPrediction;
        d.prediction_guessed = true;
    } else {
        throw Error("'" + path +
                    "' does not match the SD 1.5 or 2.1 architecture (cross-attention width " +
                    std::to_string(ctx) + "); put its LDM yaml config next to it as '" +
                    fs::path(path).replace_extension(".yaml").filename().string() + "'");
    }
    d.unet_config.kind = ConfigSource::Kind::Preset;
    d.vae_config = {ConfigSource::Kind::Preset, {}, {}, "sd"};
    d.scheduler_config = default_scheduler_config(d.prediction);
    d.config_origin = "preset " + d.unet_config.preset + " (detected from tensor shapes)";
}

// The text encoder's sizes from its tensors' shapes, under the names the file uses (OpenCLIP's,
// or CLIP's with or without the `text_model.` level that old SD 1.x files lack).
void text_hyper_parameters(const TensorTable& table, const SingleFileLayout& layout, int heads,
                           ClipTextConfig& text) {
    const std::string& p = layout.text_prefix;
    std::string token, position, fc1, blocks;
    int drop = 0;
    if (p == kOpenClipPrefix) {
        token = p + "token_embedding.weight";
        position = p + "positional_embedding";
        fc1 = p + "transformer.resblocks.0.mlp.c_fc.weight";
        blocks = p + "transformer.resblocks.";
        drop = layout.text_drop_blocks;
    } else {
        const std::string base =
            table.has_prefix(p + "text_model.") ? p + "text_model." : std::string(p);
        token = base + "embeddings.token_embedding.weight";
        position = base + "embeddings.position_embedding.weight";
        fc1 = base + "encoder.layers.0.mlp.fc1.weight";
        blocks = base + "encoder.layers.";
    }
    text.vocab_size = table.dim(token, 0, "text encoder");
    text.hidden_size = table.dim(token, 1, "text encoder");
    text.max_positions = table.dim(position, 0, "text encoder");
    text.intermediate_size = table.dim(fc1, 0, "text encoder");
    text.num_layers = std::max(0, table.block_count(blocks) - drop);
    text.num_heads = heads > 0 ? heads : std::max(1, text.hidden_size / 64);
}

}  // namespace

std::optional<SidecarYaml> read_sidecar_yaml(const std::string& checkpoint_path) {
    const fs::path yaml_path = fs::path(checkpoint_path).replace_extension(".yaml");
    if (!fs::exists(yaml_path)) return std::nullopt;
    std::ifstream in(yaml_path, std::ios::binary);
    if (!in) throw Error("cannot read '" + yaml_path.string() + "'");
    std::ostringstream text;
    text << in.rdbuf();
    return SidecarYaml{yaml_path.string(), text.str()};
}

SingleFileLayout detect_single_file_layout(const std::string& path,
                                           const std::vector<TensorInfo>& tensors,
                                           const std::optional<SidecarYaml>& yaml,
                                           ModelDescription& d) {
    const TensorTable table(path, tensors);
    if (!table.has_prefix(kLdmUNetPrefix))
        throw Error("'" + path + "' is not a Stable Diffusion checkpoint: it has no '" +
                    kLdmUNetPrefix + "' tensors (is it a LoRA, a VAE or an embedding?)");
    if (!table.has_prefix(kLdmVaePrefix))
        throw Error("'" + path + "' has no VAE ('" + kLdmVaePrefix + "' tensors)");
    const bool open_clip = table.has_prefix(kOpenClipPrefix);
    if (!open_clip && !table.has_prefix(kSd1TextPrefix))
        throw Error("'" + path + "' has no text encoder ('" + kSd1TextPrefix + "' or '" +
                    kOpenClipPrefix + "' tensors)");
    d.layout = CheckpointLayout::SingleFile;
    d.family = open_clip ? ModelFamily::SD2 : ModelFamily::SD1;
    SingleFileLayout layout;
    layout.text_prefix = open_clip ? kOpenClipPrefix : kSd1TextPrefix;
    layout.text_drop_blocks = open_clip ? 1 : 0;

    const std::string in_key = std::string(kLdmUNetPrefix) + "input_blocks.0.0.weight";
    const TensorInfo* in_conv = table.find(in_key);
    if (!in_conv || in_conv->shape.size() != 4)
        throw Error("'" + path + "': missing or misshaped UNet input convolution '" + in_key + "'");
    d.unet_in_channels = table.dim(in_key, 1, "UNet");

    int heads = 0;
    d.text.activation = open_clip ? ClipActivation::Gelu : ClipActivation::QuickGelu;
    if (yaml)
        read_ldm_yaml(*yaml, d, layout, heads);
    else
        detect_preset(path, table, open_clip, d);
    text_hyper_parameters(table, layout, heads, d.text);
    return layout;
}

}  // namespace reverie::io
