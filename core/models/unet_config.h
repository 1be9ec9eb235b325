#pragma once
// The hyper-parameters of a UNet2DConditionModel. The prediction type is not here: it belongs to
// the scheduler, not to the network.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace reverie {

struct UNetConfig {
    int64_t in_channels = 4;  // 9 for inpainting (latent + mask + masked-image latent)
    int64_t out_channels = 4;
    std::vector<int64_t> block_out_channels = {320, 640, 1280, 1280};
    int64_t layers_per_block = 2;
    // Head COUNT per level (down order; the mid block uses the last). SD1 keeps the count fixed
    // (8 everywhere), SD2 keeps the head DIM fixed (64), which gives {5, 10, 20, 20}.
    std::vector<int64_t> attention_heads = {8, 8, 8, 8};
    int64_t cross_attention_dim = 768;
    int64_t transformer_layers_per_block = 1;
    bool use_linear_projection = false;
    bool upcast_attention = false;
    int64_t norm_num_groups = 32;
    double norm_eps = 1e-5;
    bool flip_sin_to_cos = true;
    int64_t freq_shift = 0;
    std::vector<std::string> down_block_types = {"CrossAttnDownBlock2D", "CrossAttnDownBlock2D",
                                                 "CrossAttnDownBlock2D", "DownBlock2D"};
    std::vector<std::string> up_block_types = {"UpBlock2D", "CrossAttnUpBlock2D",
                                               "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"};

    // "" or "text": the pooled caption added to the timestep embedding (TextTimeEmbedding).
    std::string addition_embed_type;
    int64_t addition_embed_type_num_heads = 64;

    int64_t time_embed_dim() const { return block_out_channels.at(0) * 4; }
    int64_t levels() const { return int64_t(block_out_channels.size()); }

    // The `unet/config.json` of a diffusers folder.
    static UNetConfig from_diffusers_json(const nlohmann::json& config);
    // The `model.params.unet_config.params` node of an LDM inference yaml.
    static UNetConfig from_ldm_yaml(const YAML::Node& params);

    static UNetConfig sd15();
    static UNetConfig sd15_inpainting();
    static UNetConfig sd21();

    // Throws reverie::Error when the lists disagree in length or a block type is unknown.
    void validate() const;
};

}  // namespace reverie
