#include "core/models/vae_coders.h"

#include "core/models/resnet_block.h"

namespace reverie {
namespace {
// diffusers' VAE uses this eps everywhere, whatever the config says.
constexpr double kEps = 1e-6;
}  // namespace

EncoderImpl::EncoderImpl(const VaeConfig& c) {
    const auto& ch = c.block_out_channels;
    const size_t n = ch.size();
    conv_in = register_module("conv_in", conv3x3(c.in_channels, ch[0]));
    down_blocks = register_module("down_blocks", torch::nn::ModuleList());
    for (size_t i = 0; i < n; ++i) {
        VaeBlockOptions o;
        o.in_channels = i == 0 ? ch[0] : ch[i - 1];
        o.out_channels = ch[i];
        o.layers = c.layers_per_block;
        o.resample = i + 1 < n;
        o.groups = c.norm_num_groups;
        o.eps = kEps;
        down_blocks->push_back(DownEncoderBlock2D(o));
    }
    mid_block = register_module("mid_block", VaeMidBlock(ch[n - 1], c.norm_num_groups, kEps));
    conv_norm_out =
        register_module("conv_norm_out", group_norm(c.norm_num_groups, ch[n - 1], kEps));
    conv_out = register_module("conv_out", conv3x3(ch[n - 1], 2 * c.latent_channels));
}

torch::Tensor EncoderImpl::forward(const torch::Tensor& x) {
    auto h = conv_in(x);
    for (auto& block : *down_blocks) h = block->as<DownEncoderBlock2DImpl>()->forward(h);
    h = mid_block(h);
    return conv_out(torch::silu(conv_norm_out(h)));
}

DecoderImpl::DecoderImpl(const VaeConfig& c) {
    const auto& ch = c.block_out_channels;
    const size_t n = ch.size();
    conv_in = register_module("conv_in", conv3x3(c.latent_channels, ch[n - 1]));
    mid_block = register_module("mid_block", VaeMidBlock(ch[n - 1], c.norm_num_groups, kEps));
    up_blocks = register_module("up_blocks", torch::nn::ModuleList());
    for (size_t i = 0; i < n; ++i) {
        const size_t level = n - 1 - i;
        VaeBlockOptions o;
        o.in_channels = i == 0 ? ch[n - 1] : ch[level + 1];
        o.out_channels = ch[level];
        o.layers = c.layers_per_block + 1;
        o.resample = i + 1 < n;
        o.groups = c.norm_num_groups;
        o.eps = kEps;
        up_blocks->push_back(UpDecoderBlock2D(o));
    }
    conv_norm_out = register_module("conv_norm_out", group_norm(c.norm_num_groups, ch[0], kEps));
    conv_out = register_module("conv_out", conv3x3(ch[0], c.out_channels));
}

torch::Tensor DecoderImpl::middle(const torch::Tensor& z) {
    return mid_block(conv_in(z));
}

torch::Tensor DecoderImpl::upsample(const torch::Tensor& x) {
    auto h = x;
    for (auto& block : *up_blocks) h = block->as<UpDecoderBlock2DImpl>()->forward(h);
    return conv_out(torch::silu(conv_norm_out(h)));
}

}  // namespace reverie
