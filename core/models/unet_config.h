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
    // Transformer blocks per attention, per level (down order; up level i mirrors down level
    // n-1-i); empty = 1 everywhere (SD 1.x / 2.x). SDXL deepens the lower levels: {1, 2, 10}. The
    // mid block's own depth; -1: the last level's (diffusers' and SGM's default).
    std::vector<int64_t> transformer_layers_per_block;
    int64_t mid_transformer_layers = -1;
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

    // What is added to the timestep embedding besides the timestep:
    //   ""          nothing (SD 1.x / 2.x);
    //   "text"      the attention-pooled caption (TextTimeEmbedding; the built-in model);
    //   "text_time" SDXL: the conditioning's vector — pooled text embedding ‖ sinusoids of the
    //               size/crop/aesthetic time ids — through add_embedding (an MLP).
    std::string addition_embed_type;
    int64_t addition_embed_type_num_heads = 64;
    int64_t addition_time_embed_dim = 256;              // sinusoid width per time id
    int64_t projection_class_embeddings_input_dim = 0;  // the vector's width (SGM adm_in_channels)

    int64_t transformer_depth(int64_t level) const {
        return transformer_layers_per_block.empty() ? 1 : transformer_layers_per_block.at(level);
    }
    int64_t mid_transformer_depth() const {
        return mid_transformer_layers >= 0 ? mid_transformer_layers
                                           : transformer_depth(levels() - 1);
    }
    bool takes_vector() const { return addition_embed_type == "text_time"; }

    int64_t time_embed_dim() const { return block_out_channels.at(0) * 4; }
    int64_t levels() const { return int64_t(block_out_channels.size()); }

    // The `unet/config.json` of a diffusers folder.
    static UNetConfig from_diffusers_json(const nlohmann::json& config);
    // The `model.params.unet_config.params` node of an LDM inference yaml, or SGM's
    // `model.params.network_config.params` (SDXL: per-level transformer_depth, adm_in_channels).
    static UNetConfig from_ldm_yaml(const YAML::Node& params);

    static UNetConfig sd15();
    static UNetConfig sd15_inpainting();
    static UNetConfig sd21();
    // SDXL 1.0 base (Pony, Illustrious, NoobAI… share it) and the SDXL 1.0 refiner.
    static UNetConfig sdxl_base();
    static UNetConfig sdxl_refiner();

    // Throws reverie::Error when the lists disagree in length or a block type is unknown.
    void validate() const;
};

}  // namespace reverie
