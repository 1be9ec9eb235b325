#include "core/models/unet_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/common/json_numbers.h"

namespace reverie {
namespace {

const char* const kCrossDown = "CrossAttnDownBlock2D";
const char* const kDown = "DownBlock2D";
const char* const kCrossUp = "CrossAttnUpBlock2D";
const char* const kUp = "UpBlock2D";

// A json value that may be a number or one number per level.
std::vector<int64_t> per_level(const nlohmann::json& v, size_t levels, const char* what) {
    if (v.is_number_integer()) return std::vector<int64_t>(levels, v.get<int64_t>());
    if (v.is_array() && v.size() == levels) return v.get<std::vector<int64_t>>();
    throw Error(std::string("UNet config: '") + what + "' must be a number or a list of " +
                std::to_string(levels) + " numbers");
}

template <typename T>
T get_or(const nlohmann::json& j, const char* key, T fallback) {
    auto it = j.find(key);
    return (it == j.end() || it->is_null()) ? fallback : it->get<T>();
}

}  // namespace

UNetConfig UNetConfig::from_diffusers_json(const nlohmann::json& j) {
    check_config_numbers(j, "UNet config.json");
    UNetConfig c;
    try {
        c.in_channels = get_or<int64_t>(j, "in_channels", c.in_channels);
        c.out_channels = get_or<int64_t>(j, "out_channels", c.out_channels);
        c.block_out_channels = j.at("block_out_channels").get<std::vector<int64_t>>();
        c.layers_per_block = get_or<int64_t>(j, "layers_per_block", c.layers_per_block);
        // diffusers' historical naming: `attention_head_dim` actually holds the head COUNT, and
        // the newer `num_attention_heads` takes precedence when present.
        const auto heads_it = j.find("num_attention_heads");
        const nlohmann::json& heads =
            (heads_it != j.end() && !heads_it->is_null()) ? *heads_it : j.at("attention_head_dim");
        c.attention_heads = per_level(heads, c.block_out_channels.size(), "attention_head_dim");
        c.cross_attention_dim = j.at("cross_attention_dim").get<int64_t>();
        const size_t levels = c.block_out_channels.size();
        c.transformer_layers_per_block = j.contains("transformer_layers_per_block") &&
                                                 !j["transformer_layers_per_block"].is_null()
                                             ? per_level(j["transformer_layers_per_block"], levels,
                                                         "transformer_layers_per_block")
                                             : std::vector<int64_t>{};
        if (j.contains("reverse_transformer_layers_per_block") &&
            !j["reverse_transformer_layers_per_block"].is_null())
            throw Error(
                "UNet config: reverse_transformer_layers_per_block (asymmetric up blocks) is "
                "not supported");
        c.use_linear_projection = get_or<bool>(j, "use_linear_projection", false);
        c.upcast_attention = get_or<bool>(j, "upcast_attention", false);
        c.norm_num_groups = get_or<int64_t>(j, "norm_num_groups", c.norm_num_groups);
        c.norm_eps = get_or<double>(j, "norm_eps", c.norm_eps);
        c.flip_sin_to_cos = get_or<bool>(j, "flip_sin_to_cos", true);
        c.freq_shift = get_or<int64_t>(j, "freq_shift", 0);
        c.down_block_types = j.at("down_block_types").get<std::vector<std::string>>();
        c.up_block_types = j.at("up_block_types").get<std::vector<std::string>>();
        if (j.contains("addition_embed_type") && !j["addition_embed_type"].is_null()) {
            c.addition_embed_type = j["addition_embed_type"].get<std::string>();
            if (c.addition_embed_type != "text" && c.addition_embed_type != "text_time")
                throw Error("UNet config: addition_embed_type '" + c.addition_embed_type +
                            "' is not supported (only 'text' and SDXL's 'text_time' are)");
            c.addition_embed_type_num_heads =
                get_or<int64_t>(j, "addition_embed_type_num_heads", 64);
            c.addition_time_embed_dim = get_or<int64_t>(j, "addition_time_embed_dim", 256);
            c.projection_class_embeddings_input_dim =
                get_or<int64_t>(j, "projection_class_embeddings_input_dim", 0);
        }
        for (const char* unsupported : {"class_embed_type", "encoder_hid_dim"})
            if (j.contains(unsupported) && !j[unsupported].is_null())
                throw Error(std::string("UNet config: '") + unsupported +
                            "' is set; this model family (SDXL and others) is not supported here");
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("UNet config.json is not a valid UNet2DConditionModel config: ") +
                    e.what());
    }
    c.validate();
    return c;
}

UNetConfig UNetConfig::from_ldm_yaml(const YAML::Node& p) {
    UNetConfig c;
    try {
        c.in_channels = p["in_channels"].as<int64_t>(4);
        c.out_channels = p["out_channels"].as<int64_t>(4);
        const int64_t model_channels = p["model_channels"].as<int64_t>();
        const auto mult = p["channel_mult"].as<std::vector<int64_t>>();
        const auto attn_res = p["attention_resolutions"].as<std::vector<int64_t>>();
        c.layers_per_block = p["num_res_blocks"].as<int64_t>();
        c.cross_attention_dim = p["context_dim"].as<int64_t>();
        std::vector<int64_t> depth;
        if (p["transformer_depth"] && p["transformer_depth"].IsSequence())
            depth = p["transformer_depth"].as<std::vector<int64_t>>();
        else
            depth.assign(mult.size(), p["transformer_depth"].as<int64_t>(1));
        if (depth.size() != mult.size())
            throw Error("LDM yaml: transformer_depth needs one entry per channel_mult level");
        c.transformer_layers_per_block = depth;
        if (p["transformer_depth_middle"])
            c.mid_transformer_layers = p["transformer_depth_middle"].as<int64_t>();
        // SGM's vector conditioning ("sequential" label embedding of adm_in_channels): SDXL.
        if (p["adm_in_channels"]) {
            c.addition_embed_type = "text_time";
            c.projection_class_embeddings_input_dim = p["adm_in_channels"].as<int64_t>();
            c.addition_time_embed_dim = p["addition_time_embed_dim"].as<int64_t>(256);
        }
        c.use_linear_projection = p["use_linear_in_transformer"].as<bool>(false);
        const int64_t head_channels = p["num_head_channels"].as<int64_t>(-1);
        const int64_t num_heads = p["num_heads"].as<int64_t>(-1);

        c.block_out_channels.clear();
        c.attention_heads.clear();
        c.down_block_types.clear();
        c.up_block_types.clear();
        for (size_t i = 0; i < mult.size(); ++i) {
            const int64_t ch = model_channels * mult[i];
            c.block_out_channels.push_back(ch);
            if (head_channels > 0) {
                if (ch % head_channels != 0)
                    throw Error("LDM yaml: num_head_channels " + std::to_string(head_channels) +
                                " does not divide " + std::to_string(ch) + " channels");
                c.attention_heads.push_back(ch / head_channels);
            } else if (num_heads > 0) {
                c.attention_heads.push_back(num_heads);
            } else {
                throw Error("LDM yaml: unet_config needs num_heads or num_head_channels");
            }
            // attention_resolutions lists the downsampling factors (1, 2, 4, ...) with attention.
            const int64_t ds = int64_t(1) << i;
            const bool attn =
                std::find(attn_res.begin(), attn_res.end(), ds) != attn_res.end() && depth[i] > 0;
            c.down_block_types.push_back(attn ? kCrossDown : kDown);
            c.up_block_types.insert(c.up_block_types.begin(), attn ? kCrossUp : kUp);
        }
        // The yaml does not record it; SD 2.x (the head-dim family) overflows fp16 without it
        // and it changes nothing in fp32. SDXL (also head-dim) is trained without it.
        c.upcast_attention = head_channels > 0 && !c.takes_vector();
    } catch (const YAML::Exception& e) {
        throw Error(std::string("LDM yaml: unet_config.params is incomplete: ") + e.what());
    }
    c.validate();
    return c;
}

UNetConfig UNetConfig::sd15() {
    return UNetConfig();
}

UNetConfig UNetConfig::sd15_inpainting() {
    UNetConfig c;
    c.in_channels = 9;
    return c;
}

UNetConfig UNetConfig::sd21() {
    UNetConfig c;
    c.attention_heads = {5, 10, 20, 20};  // a fixed head dim of 64
    c.cross_attention_dim = 1024;
    c.use_linear_projection = true;
    c.upcast_attention = true;
    return c;
}

UNetConfig UNetConfig::sdxl_base() {
    UNetConfig c;
    c.block_out_channels = {320, 640, 1280};
    c.attention_heads = {5, 10, 20};  // a fixed head dim of 64
    c.cross_attention_dim = 2048;
    c.transformer_layers_per_block = {1, 2, 10};
    c.use_linear_projection = true;
    c.down_block_types = {"DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"};
    c.up_block_types = {"CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"};
    c.addition_embed_type = "text_time";
    c.addition_time_embed_dim = 256;
    c.projection_class_embeddings_input_dim = 2816;  // 1280 pooled + 6 time ids × 256
    return c;
}

UNetConfig UNetConfig::sdxl_refiner() {
    UNetConfig c = sdxl_base();
    c.block_out_channels = {384, 768, 1536, 1536};
    c.attention_heads = {6, 12, 24, 24};
    c.cross_attention_dim = 1280;
    c.transformer_layers_per_block = {4, 4, 4, 4};
    c.down_block_types = {"DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D",
                          "DownBlock2D"};
    c.up_block_types = {"UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"};
    c.projection_class_embeddings_input_dim = 2560;  // 1280 pooled + 5 time ids × 256
    return c;
}

void UNetConfig::validate() const {
    const size_t n = block_out_channels.size();
    if (n == 0 || attention_heads.size() != n || down_block_types.size() != n ||
        up_block_types.size() != n ||
        (!transformer_layers_per_block.empty() && transformer_layers_per_block.size() != n))
        throw Error(
            "UNet config: block_out_channels, attention heads, transformer depths and block "
            "types must have one entry per level");
    if (takes_vector() && projection_class_embeddings_input_dim <= 0)
        throw Error(
            "UNet config: text_time conditioning needs projection_class_embeddings_input_dim");
    if (addition_time_embed_dim <= 0 || addition_time_embed_dim % 2 != 0)
        throw Error("UNet config: addition_time_embed_dim must be a positive even number");
    for (size_t i = 0; i < n; ++i) {
        const auto& d = down_block_types[i];
        const auto& u = up_block_types[i];
        if (d != kCrossDown && d != kDown) throw Error("UNet config: unsupported down block " + d);
        if (u != kCrossUp && u != kUp) throw Error("UNet config: unsupported up block " + u);
        if (attention_heads[i] <= 0 || block_out_channels[i] % attention_heads[i] != 0)
            throw Error("UNet config: " + std::to_string(attention_heads[i]) +
                        " attention heads do not divide " + std::to_string(block_out_channels[i]) +
                        " channels");
        if (block_out_channels[i] % norm_num_groups != 0)
            throw Error("UNet config: norm_num_groups must divide every block's channels");
        if (transformer_depth(int64_t(i)) < 0 || transformer_depth(int64_t(i)) > 64)
            throw Error("UNet config: absurd transformer depth " +
                        std::to_string(transformer_depth(int64_t(i))));
    }
}

}  // namespace reverie
