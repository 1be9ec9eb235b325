// The UNet's LDM -> diffusers table. LDM numbers its blocks flatly (input_blocks.N, output_blocks.N
// with sub-index 0 = resnet, 1 = transformer or resampler, 2 = upsampler after a transformer);
// diffusers nests them per level.
#include "core/io/keymap/ldm_keys.h"
#include "core/io/keymap/prefix_table.h"
#include "core/io/keymap/unet_ldm_rules.h"

namespace reverie::io {
namespace {

const SuffixRenames kResnet = {
    {"in_layers.0.", "norm1."},          {"in_layers.2.", "conv1."},
    {"emb_layers.1.", "time_emb_proj."}, {"out_layers.0.", "norm2."},
    {"out_layers.3.", "conv2."},         {"skip_connection.", "conv_shortcut."},
};

std::string idx(const std::string& head, int64_t i, int64_t j) {
    return head + "." + std::to_string(i) + "." + std::to_string(j) + ".";
}

}  // namespace

std::vector<PrefixRule> unet_encoder_ldm_rules(const UNetConfig& c) {
    const int64_t n = c.levels();
    const int64_t per = c.layers_per_block;
    std::vector<PrefixRule> rules = {
        {"time_embed.0.", "time_embedding.linear_1."},
        {"time_embed.2.", "time_embedding.linear_2."},
        {"input_blocks.0.0.", "conv_in."},
        {"middle_block.0.", "mid_block.resnets.0.", &kResnet},
        {"middle_block.1.", "mid_block.attentions.0."},
        {"middle_block.2.", "mid_block.resnets.1.", &kResnet},
    };
    // SGM (SDXL): the vector conditioning's MLP, a "sequential" label embedding there.
    if (c.takes_vector()) {
        rules.push_back({"label_emb.0.0.", "add_embedding.linear_1."});
        rules.push_back({"label_emb.0.2.", "add_embedding.linear_2."});
    }
    for (int64_t l = 0; l < n; ++l) {
        const std::string down = "down_blocks." + std::to_string(l) + ".";
        const bool attn = c.down_block_types[l] == "CrossAttnDownBlock2D";
        for (int64_t j = 0; j < per; ++j) {
            const int64_t i = 1 + l * (per + 1) + j;
            rules.push_back(
                {idx("input_blocks", i, 0), down + "resnets." + std::to_string(j) + ".", &kResnet});
            if (attn)
                rules.push_back(
                    {idx("input_blocks", i, 1), down + "attentions." + std::to_string(j) + "."});
        }
        if (l + 1 < n)
            rules.push_back({idx("input_blocks", (l + 1) * (per + 1), 0) + "op.",
                             down + "downsamplers.0.conv."});
    }
    return rules;
}

std::vector<PrefixRule> unet_ldm_rules(const UNetConfig& c) {
    const int64_t n = c.levels();
    const int64_t per = c.layers_per_block;
    std::vector<PrefixRule> rules = unet_encoder_ldm_rules(c);
    rules.push_back({"out.0.", "conv_norm_out."});
    rules.push_back({"out.2.", "conv_out."});
    for (int64_t u = 0; u < n; ++u) {
        const std::string up = "up_blocks." + std::to_string(u) + ".";
        const bool attn = c.up_block_types[u] == "CrossAttnUpBlock2D";
        for (int64_t j = 0; j <= per; ++j) {
            const int64_t i = u * (per + 1) + j;
            rules.push_back(
                {idx("output_blocks", i, 0), up + "resnets." + std::to_string(j) + ".", &kResnet});
            if (attn)
                rules.push_back(
                    {idx("output_blocks", i, 1), up + "attentions." + std::to_string(j) + "."});
            if (j == per && u + 1 < n)
                rules.push_back(
                    {idx("output_blocks", i, attn ? 2 : 1) + "conv.", up + "upsamplers.0.conv."});
        }
    }
    return rules;
}

StateDict unet_from_ldm(const StateDict& ldm, const UNetConfig& c) {
    return apply_prefix_rules(ldm, unet_ldm_rules(c), "UNet (single-file checkpoint)");
}

}  // namespace reverie::io
