#include "core/training/diffusers_export.h"

#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/io/safetensors.h"

namespace fs = std::filesystem;

namespace reverie::training {

nlohmann::json diffusers_json(const UNetConfig& c, int sample_size) {
    nlohmann::json j = {
        {"_class_name", "UNet2DConditionModel"},
        {"sample_size", sample_size},
        {"in_channels", c.in_channels},
        {"out_channels", c.out_channels},
        {"block_out_channels", c.block_out_channels},
        {"layers_per_block", c.layers_per_block},
        // diffusers' historical name: it holds the head COUNT per level.
        {"attention_head_dim", c.attention_heads},
        {"cross_attention_dim", c.cross_attention_dim},
        {"transformer_layers_per_block", c.transformer_layers_per_block.empty()
                                             ? nlohmann::json(1)
                                             : nlohmann::json(c.transformer_layers_per_block)},
        {"use_linear_projection", c.use_linear_projection},
        {"upcast_attention", c.upcast_attention},
        {"norm_num_groups", c.norm_num_groups},
        {"norm_eps", c.norm_eps},
        {"flip_sin_to_cos", c.flip_sin_to_cos},
        {"freq_shift", c.freq_shift},
        {"act_fn", "silu"},
        {"down_block_types", c.down_block_types},
        {"up_block_types", c.up_block_types}};
    if (!c.addition_embed_type.empty()) {
        j["addition_embed_type"] = c.addition_embed_type;
        j["addition_embed_type_num_heads"] = c.addition_embed_type_num_heads;
    }
    return j;
}

nlohmann::json diffusers_json(const VaeConfig& c, int sample_size) {
    const std::vector<std::string> down(c.block_out_channels.size(), "DownEncoderBlock2D");
    const std::vector<std::string> up(c.block_out_channels.size(), "UpDecoderBlock2D");
    return {{"_class_name", "AutoencoderKL"},
            {"sample_size", sample_size},
            {"in_channels", c.in_channels},
            {"out_channels", c.out_channels},
            {"latent_channels", c.latent_channels},
            {"block_out_channels", c.block_out_channels},
            {"layers_per_block", c.layers_per_block},
            {"norm_num_groups", c.norm_num_groups},
            {"act_fn", "silu"},
            {"down_block_types", down},
            {"up_block_types", up},
            {"scaling_factor", c.scaling_factor}};
}

nlohmann::json transformers_json(const ClipTextConfig& c, int bos_id, int eos_id, int pad_id) {
    return {{"architectures", {"CLIPTextModel"}},
            {"model_type", "clip_text_model"},
            {"vocab_size", c.vocab_size},
            {"hidden_size", c.hidden_size},
            {"intermediate_size", c.intermediate_size},
            {"num_hidden_layers", c.num_layers},
            {"num_attention_heads", c.num_heads},
            {"max_position_embeddings", c.max_positions},
            {"layer_norm_eps", c.layer_norm_eps},
            {"hidden_act", to_string(c.activation)},
            {"bos_token_id", bos_id},
            {"eos_token_id", eos_id},
            {"pad_token_id", pad_id}};
}

void save_module(const torch::nn::Module& module, const std::string& path,
                 torch::ScalarType dtype) {
    io::NamedTensors tensors;
    auto add = [&](const std::string& name, const torch::Tensor& t) {
        tensors.emplace_back(name, t.detach().to(torch::kCPU, dtype).contiguous());
    };
    for (const auto& p : module.named_parameters()) add(p.key(), p.value());
    for (const auto& b : module.named_buffers()) add(b.key(), b.value());
    fs::create_directories(fs::path(path).parent_path());
    io::save_safetensors(path, tensors, {{"format", "pt"}});
}

void save_networks(const std::string& dir, const ClipTextModel& text_encoder,
                   const SpecialTokens& tokens, const UNet2DConditionModel& unet,
                   const AutoencoderKL& vae, const VaeConfig& vae_config, int image_size,
                   torch::ScalarType dtype) {
    const fs::path out(dir);
    save_module(*text_encoder, (out / "text_encoder" / "model.safetensors").string(), dtype);
    write_json(
        (out / "text_encoder" / "config.json").string(),
        transformers_json(text_encoder->config(), tokens.bos_id, tokens.eos_id, tokens.pad_id));
    save_module(*unet, (out / "unet" / "diffusion_pytorch_model.safetensors").string(), dtype);
    const int latent = image_size / int(vae_config.downscale());
    write_json((out / "unet" / "config.json").string(), diffusers_json(unet->config(), latent));
    save_module(*vae, (out / "vae" / "diffusion_pytorch_model.safetensors").string(), dtype);
    write_json((out / "vae" / "config.json").string(), diffusers_json(vae_config, image_size));
}

nlohmann::json model_index_json(const nlohmann::json& tokenizer) {
    return {{"_class_name", "StableDiffusionPipeline"},
            {"_diffusers_version", "0.27.2"},
            {"scheduler", {"diffusers", "PNDMScheduler"}},
            {"text_encoder", {"transformers", "CLIPTextModel"}},
            {"tokenizer", tokenizer},
            {"unet", {"diffusers", "UNet2DConditionModel"}},
            {"vae", {"diffusers", "AutoencoderKL"}}};
}

void write_json(const std::string& path, const nlohmann::json& j) {
    fs::create_directories(fs::path(path).parent_path());
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp);
        out << j.dump(2) << "\n";
        if (!out) throw Error("cannot write '" + path + "'");
    }
    fs::rename(tmp, path);
}

}  // namespace reverie::training
