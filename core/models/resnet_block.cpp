#include "core/models/resnet_block.h"

namespace reverie {

torch::nn::Conv2d conv3x3(int64_t in, int64_t out, int64_t stride, int64_t padding) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(padding));
}

torch::nn::Conv2d conv1x1(int64_t in, int64_t out) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1));
}

GroupNorm group_norm(int64_t groups, int64_t channels, double eps) {
    return GroupNorm(groups, channels, eps);
}

ResnetBlock2DImpl::ResnetBlock2DImpl(const ResnetBlockOptions& o) {
    norm1 = register_module("norm1", group_norm(o.groups, o.in_channels, o.eps));
    conv1 = register_module("conv1", conv3x3(o.in_channels, o.out_channels));
    if (o.temb_channels > 0)
        time_emb_proj =
            register_module("time_emb_proj", torch::nn::Linear(o.temb_channels, o.out_channels));
    norm2 = register_module("norm2", group_norm(o.groups, o.out_channels, o.eps));
    conv2 = register_module("conv2", conv3x3(o.out_channels, o.out_channels));
    if (o.in_channels != o.out_channels)
        conv_shortcut = register_module("conv_shortcut", conv1x1(o.in_channels, o.out_channels));
}

torch::Tensor ResnetBlock2DImpl::forward(const torch::Tensor& x, const torch::Tensor& temb) {
    auto h = conv1(torch::silu(norm1(x)));
    if (time_emb_proj && temb.defined()) {
        // [B, out] broadcast over the spatial axes
        h = h + time_emb_proj(torch::silu(temb)).unsqueeze(-1).unsqueeze(-1);
    }
    h = conv2(torch::silu(norm2(h)));
    return (conv_shortcut ? conv_shortcut(x) : x) + h;
}

}  // namespace reverie
