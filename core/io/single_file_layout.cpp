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
void text_hyper_parameters(const TensorTable& table, const std::string& p, bool open_clip, int drop,
                           int heads, ClipTextConfig& text) {
    std::string token, position, fc1, blocks;
    if (open_clip) {
        token = p + "token_embedding.weight";
        position = p + "positional_embedding";
        fc1 = p + "transformer.resblocks.0.mlp.c_fc.weight";
        blocks = p + "transformer.resblocks.";
    } else {
        drop = 0;
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
    if (text.num_layers <= 0 || text.num_layers > 256 || text.hidden_size % text.num_heads != 0)
        throw Error("text encoder under '" + p + "' has inconsistent sizes (" +
                    std::to_string(text.num_layers) + " blocks, width " +
                    std::to_string(text.hidden_size) + ")");
    // OpenCLIP keeps text_projection as [width, projection] (x @ P).
    if (open_clip && table.find(p + "text_projection"))
        text.projection_dim = table.dim(p + "text_projection", 1, "text encoder");
}

// The hyper-parameters an SGM yaml gives an embedder: heads and activation are not in the
// weights (real configs name the CLIP model; the test models write tiny_text_config).
void read_embedder_text_config(const YAML::Node& emb, int& heads, ClipTextConfig& text) {
    const auto t = emb["params"]["tiny_text_config"];
    if (!t) return;
    if (t["heads"]) heads = t["heads"].as<int>();
    if (t["act"]) text.activation = parse_clip_activation(t["act"].as<std::string>());
}

struct SdxlYamlHeads {
    int text = 0, text_2 = 0;
};

// An SGM inference yaml (sd_xl_base.yaml / sd_xl_refiner.yaml layout): network_config,
// first_stage_config, conditioner_config, denoiser_config.
SdxlYamlHeads read_sgm_yaml(const SidecarYaml& yaml, bool refiner, ModelDescription& d) {
    SdxlYamlHeads heads;
    try {
        YAML::Node root = YAML::Load(yaml.text);
        const auto params = root["model"]["params"];
        if (!params || !params["network_config"] || !params["first_stage_config"])
            throw Error("'" + yaml.path +
                        "' is not an SGM (SDXL) inference config (no model.params.network_config)");
        d.unet_config = {ConfigSource::Kind::LdmYaml, {}, params["network_config"]["params"], ""};
        d.vae_config = {
            ConfigSource::Kind::LdmYaml, {}, params["first_stage_config"]["params"], ""};
        if (params["scale_factor"]) d.vae_scaling_factor = params["scale_factor"].as<double>();
        // v-prediction: SGM's denoiser scaling (VScaling / VScalingWithEDMcNoise), or the
        // `parameterization: v` that A1111 / ComfyUI yamls add.
        const auto scaling = params["denoiser_config"]["params"]["scaling_config"]["target"];
        if ((scaling && scaling.as<std::string>().find("VScaling") != std::string::npos) ||
            (params["parameterization"] && params["parameterization"].as<std::string>() == "v"))
            d.prediction = Prediction::VPrediction;
        const auto embedders = params["conditioner_config"]["params"]["emb_models"];
        // The size/crop embedders' width (ConcatTimestepEmbedderND outdim; 256 in SDXL) is the
        // UNet's addition_time_embed_dim: the network config does not repeat it.
        if (embedders && embedders.IsSequence())
            for (const auto& emb : embedders)
                if (emb["target"] &&
                    emb["target"].as<std::string>().find("ConcatTimestepEmbedderND") !=
                        std::string::npos &&
                    emb["params"]["outdim"])
                    d.unet_config.yaml["addition_time_embed_dim"] =
                        emb["params"]["outdim"].as<int64_t>();
        if (embedders && embedders.IsSequence()) {
            if (refiner) {
                if (embedders.size() > 0)
                    read_embedder_text_config(embedders[0], heads.text_2, d.text_2);
            } else {
                if (embedders.size() > 0)
                    read_embedder_text_config(embedders[0], heads.text, d.text);
                if (embedders.size() > 1)
                    read_embedder_text_config(embedders[1], heads.text_2, d.text_2);
            }
        }
    } catch (const YAML::Exception& e) {
        throw Error("cannot read '" + yaml.path + "': " + e.what());
    }
    d.config_origin = "sidecar yaml " + fs::path(yaml.path).filename().string();
    return heads;
}

// SDXL base / refiner (and their inpainting variants) in one SGM single file.
SingleFileLayout detect_sdxl(const std::string& path, const TensorTable& table,
                             const std::optional<SidecarYaml>& yaml, ModelDescription& d) {
    const bool refiner =
        table.has_prefix(kSdxlRefinerOpenClipPrefix) && !table.has_prefix(kSdxlOpenClipPrefix);
    if (!refiner && (!table.has_prefix(kSdxlClipLPrefix) || !table.has_prefix(kSdxlOpenClipPrefix)))
        throw Error("'" + path + "' looks like an SDXL checkpoint but lacks a text encoder ('" +
                    kSdxlClipLPrefix + "' and '" + kSdxlOpenClipPrefix + "' tensors)");
    SingleFileLayout layout;
    layout.text_prefix = refiner ? "" : kSdxlClipLPrefix;
    layout.text_2_prefix = refiner ? kSdxlRefinerOpenClipPrefix : kSdxlOpenClipPrefix;
    d.family = refiner ? ModelFamily::SDXLRefiner : ModelFamily::SDXL;
    d.components =
        refiner ? std::vector<Component>{Component::TextEncoder2, Component::UNet, Component::Vae}
                : std::vector<Component>{Component::TextEncoder, Component::TextEncoder2,
                                         Component::UNet, Component::Vae};
    d.text = ClipTextConfig::sdxl_clip_l();
    d.text_2 = ClipTextConfig::sdxl_open_clip_g();
    // NoobAI / ComfyUI convention: empty marker tensors in the file itself.
    d.prediction =
        table.find("v_pred") || table.find("ztsnr") ? Prediction::VPrediction : Prediction::Epsilon;

    SdxlYamlHeads heads;
    if (yaml) {
        heads = read_sgm_yaml(*yaml, refiner, d);
    } else {
        const std::string ctx_key =
            std::string(kLdmUNetPrefix) + "input_blocks.4.1.transformer_blocks.0.attn2.to_k.weight";
        const int64_t ctx = table.find(ctx_key) ? table.dim(ctx_key, 1, "UNet") : -1;
        if (ctx != (refiner ? 1280 : 2048))
            throw Error("'" + path + "' is an SGM (SDXL-family) checkpoint of an unknown size " +
                        "(cross-attention width " + std::to_string(ctx) +
                        "); put its yaml config next to it as '" +
                        fs::path(path).replace_extension(".yaml").filename().string() + "'");
        d.unet_config = {ConfigSource::Kind::Preset, {}, {}, refiner ? "sdxl-refiner" : "sdxl"};
        d.vae_config = {ConfigSource::Kind::Preset, {}, {}, "sd"};
        d.vae_scaling_factor = 0.13025;
        d.config_origin = "preset " + d.unet_config.preset + " (detected from tensor shapes)";
    }
    // The SDXL-family v-prediction models (NoobAI-XL v-pred and its merges) are trained with a
    // zero terminal SNR; ComfyUI's ModelSamplingDiscrete(v_prediction, zsnr) and A1111 agree.
    if (d.prediction == Prediction::VPrediction) d.zero_terminal_snr = true;
    d.scheduler_config = sdxl_scheduler_config(d.prediction, d.zero_terminal_snr);
    if (!refiner) text_hyper_parameters(table, layout.text_prefix, false, 0, heads.text, d.text);
    text_hyper_parameters(table, layout.text_2_prefix, true, 0, heads.text_2, d.text_2);
    if (d.text_2.projection_dim <= 0)
        throw Error("'" + path + "': the OpenCLIP text encoder has no text_projection");
    return layout;
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
    d.layout = CheckpointLayout::SingleFile;
    const std::string in_key = std::string(kLdmUNetPrefix) + "input_blocks.0.0.weight";
    const TensorInfo* in_conv = table.find(in_key);
    if (!in_conv || in_conv->shape.size() != 4)
        throw Error("'" + path + "': missing or misshaped UNet input convolution '" + in_key + "'");
    d.unet_in_channels = table.dim(in_key, 1, "UNet");
    if (table.has_prefix(kSdxlEmbeddersPrefix)) return detect_sdxl(path, table, yaml, d);
    const bool open_clip = table.has_prefix(kOpenClipPrefix);
    if (!open_clip && !table.has_prefix(kSd1TextPrefix))
        throw Error("'" + path + "' has no text encoder ('" + kSd1TextPrefix + "' or '" +
                    kOpenClipPrefix + "' tensors)");

    d.family = open_clip ? ModelFamily::SD2 : ModelFamily::SD1;
    SingleFileLayout layout;
    layout.text_prefix = open_clip ? kOpenClipPrefix : kSd1TextPrefix;
    layout.text_drop_blocks = open_clip ? 1 : 0;

    int heads = 0;
    d.text.activation = open_clip ? ClipActivation::Gelu : ClipActivation::QuickGelu;
    if (yaml)
        read_ldm_yaml(*yaml, d, layout, heads);
    else
        detect_preset(path, table, open_clip, d);
    text_hyper_parameters(table, layout.text_prefix, open_clip, layout.text_drop_blocks, heads,
                          d.text);
    d.text.projection_dim = 0;  // SD 2.x conditions on hidden states only
    return layout;
}

}  // namespace reverie::io
