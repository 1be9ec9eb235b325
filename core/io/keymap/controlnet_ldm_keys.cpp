// The ControlNet's original (cldm, lllyasviel's control_v11*.pth) -> diffusers table; the names of
// its UNet part are the UNet's (diffusers' convert_diffusers_to_original_stable_diffusion.py).
#include "core/io/keymap/controlnet_keys.h"
#include "core/io/keymap/unet_ldm_rules.h"

namespace reverie::io {

StateDict controlnet_from_ldm(const StateDict& ldm, const ControlNetConfig& c) {
    std::vector<PrefixRule> rules = unet_encoder_ldm_rules(c.unet);
    // input_hint_block: conv, SiLU, conv, SiLU, ...: the convolutions sit at the even indices;
    // the first is conv_in, the last conv_out, the ones between are the blocks.
    const int64_t between = 2 * int64_t(c.hint_channels.size() - 1);
    rules.push_back({"input_hint_block.0.", "controlnet_cond_embedding.conv_in."});
    for (int64_t k = 0; k < between; ++k)
        rules.push_back({"input_hint_block." + std::to_string(2 * k + 2) + ".",
                         "controlnet_cond_embedding.blocks." + std::to_string(k) + "."});
    rules.push_back({"input_hint_block." + std::to_string(2 * between + 2) + ".",
                     "controlnet_cond_embedding.conv_out."});
    for (int64_t i = 0; i < c.down_residuals(); ++i)
        rules.push_back({"zero_convs." + std::to_string(i) + ".0.",
                         "controlnet_down_blocks." + std::to_string(i) + "."});
    rules.push_back({"middle_block_out.0.", "controlnet_mid_block."});
    return apply_prefix_rules(ldm, rules, "ControlNet (original layout)");
}

}  // namespace reverie::io
