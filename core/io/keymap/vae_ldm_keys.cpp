// The VAE's LDM -> diffusers table. LDM's decoder numbers its levels from the bottom (up.0 is
// the full-resolution level), diffusers' from the top; the mid attention used 1×1 convolutions
// where diffusers has linear layers.
#include "core/io/keymap/ldm_keys.h"
#include "core/io/keymap/prefix_table.h"

namespace reverie::io {
namespace {

const SuffixRenames kResnet = {{"nin_shortcut.", "conv_shortcut."}};
const SuffixRenames kAttention = {
    {"norm.", "group_norm."},   {"q.", "to_q."}, {"k.", "to_k."}, {"v.", "to_v."},
    {"proj_out.", "to_out.0."},
};

void add_coder(std::vector<PrefixRule>& rules, const std::string& coder) {
    const std::string mid = coder + ".mid_block.";
    rules.push_back({coder + ".conv_in.", coder + ".conv_in."});
    rules.push_back({coder + ".conv_out.", coder + ".conv_out."});
    rules.push_back({coder + ".norm_out.", coder + ".conv_norm_out."});
    rules.push_back({coder + ".mid.block_1.", mid + "resnets.0.", &kResnet});
    rules.push_back({coder + ".mid.block_2.", mid + "resnets.1.", &kResnet});
    rules.push_back({coder + ".mid.attn_1.", mid + "attentions.0.", &kAttention, true});
}

}  // namespace

StateDict vae_from_ldm(const StateDict& ldm, const VaeConfig& c) {
    const int64_t n = int64_t(c.block_out_channels.size());
    std::vector<PrefixRule> rules = {
        {"quant_conv.", "quant_conv."},
        {"post_quant_conv.", "post_quant_conv."},
    };
    add_coder(rules, "encoder");
    add_coder(rules, "decoder");
    for (int64_t l = 0; l < n; ++l) {
        const std::string ls = std::to_string(l);
        const std::string down = "encoder.down_blocks." + ls + ".";
        for (int64_t j = 0; j < c.layers_per_block; ++j)
            rules.push_back({"encoder.down." + ls + ".block." + std::to_string(j) + ".",
                             down + "resnets." + std::to_string(j) + ".", &kResnet});
        if (l + 1 < n)
            rules.push_back(
                {"encoder.down." + ls + ".downsample.conv.", down + "downsamplers.0.conv."});

        const std::string up = "decoder.up_blocks." + std::to_string(n - 1 - l) + ".";
        for (int64_t j = 0; j <= c.layers_per_block; ++j)
            rules.push_back({"decoder.up." + ls + ".block." + std::to_string(j) + ".",
                             up + "resnets." + std::to_string(j) + ".", &kResnet});
        if (l > 0)
            rules.push_back({"decoder.up." + ls + ".upsample.conv.", up + "upsamplers.0.conv."});
    }
    return apply_prefix_rules(ldm, rules, "VAE (single-file checkpoint)");
}

}  // namespace reverie::io
