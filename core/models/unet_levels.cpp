#include "core/models/unet_levels.h"

#include <algorithm>

namespace reverie {
namespace {

UNetBlockOptions base_options(const UNetConfig& c) {
    UNetBlockOptions o;
    o.temb_channels = c.time_embed_dim();
    o.layers = c.layers_per_block;
    o.groups = c.norm_num_groups;
    o.eps = c.norm_eps;
    o.transformer.cross_attention_dim = c.cross_attention_dim;
    o.transformer.use_linear_projection = c.use_linear_projection;
    o.transformer.upcast_attention = c.upcast_attention;
    return o;
}

}  // namespace

UNetBlockOptions down_block_options(const UNetConfig& c, int64_t i) {
    const auto& ch = c.block_out_channels;
    UNetBlockOptions o = base_options(c);
    o.in_channels = i == 0 ? ch[0] : ch[i - 1];
    o.out_channels = ch[i];
    o.cross_attention = c.down_block_types[i] == "CrossAttnDownBlock2D";
    o.resample = i < c.levels() - 1;
    o.transformer.heads = c.attention_heads[i];
    o.transformer.layers = c.transformer_depth(i);
    return o;
}

UNetBlockOptions mid_block_options(const UNetConfig& c) {
    const int64_t n = c.levels();
    UNetBlockOptions o = base_options(c);
    o.in_channels = o.out_channels = c.block_out_channels[n - 1];
    o.layers = 1;
    o.transformer.heads = c.attention_heads[n - 1];
    o.transformer.layers = c.mid_transformer_depth();
    return o;
}

UNetBlockOptions up_block_options(const UNetConfig& c, int64_t i) {
    const auto& ch = c.block_out_channels;
    const int64_t n = c.levels();
    const int64_t level = n - 1 - i;
    UNetBlockOptions o = base_options(c);
    // Each resnet gets one more layer to eat the downsampler's skip.
    o.layers = c.layers_per_block + 1;
    o.prev_output_channels = i == 0 ? ch[n - 1] : ch[level + 1];
    o.out_channels = ch[level];
    o.in_channels = ch[std::max<int64_t>(level - 1, 0)];
    o.cross_attention = c.up_block_types[i] == "CrossAttnUpBlock2D";
    o.resample = i < n - 1;
    o.transformer.heads = c.attention_heads[level];
    o.transformer.layers = c.transformer_depth(level);
    return o;
}

}  // namespace reverie
