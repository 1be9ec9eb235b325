#include "core/models/resnet_block.h"

namespace reverie {

Conv2d conv3x3(int64_t in, int64_t out, int64_t stride, int64_t padding) {
    return Conv2d(ConvOptions{in, out, 3, stride, padding});
}

Conv2d conv1x1(int64_t in, int64_t out) {
    return Conv2d(ConvOptions{in, out, 1});
}

GroupNorm group_norm(int64_t groups, int64_t channels, double eps) {
    return GroupNorm(groups, channels, eps);
}

ResnetBlock2DImpl::ResnetBlock2DImpl(const ResnetBlockOptions& o) {
    norm1 = register_module("norm1", group_norm(o.groups, o.in_channels, o.eps));
    conv1 = register_module("conv1", conv3x3(o.in_channels, o.out_channels));
    if (o.temb_channels > 0)
        time_emb_proj = register_module("time_emb_proj", Linear(o.temb_channels, o.out_channels));
    norm2 = register_module("norm2", group_norm(o.groups, o.out_channels, o.eps));
    conv2 = register_module("conv2", conv3x3(o.out_channels, o.out_channels));
    if (o.in_channels != o.out_channels)
        conv_shortcut = register_module("conv_shortcut", conv1x1(o.in_channels, o.out_channels));
}

namespace {

// `fresh` is an intermediate nothing else refers to. Where no gradient is recorded it is updated
// in place: a VAE decode at 512² holds 128–256 MB activations, and one fewer alive per block is
// part of what keeps SD 1.5 under 6 GB on the CPU.
torch::Tensor silu_fresh(torch::Tensor fresh) {
    return fresh.requires_grad() ? torch::silu(fresh) : torch::silu_(fresh);
}

torch::Tensor add_to_fresh(torch::Tensor fresh, const torch::Tensor& other) {
    return fresh.requires_grad() || other.requires_grad() ? fresh + other : fresh.add_(other);
}

}  // namespace

torch::Tensor ResnetBlock2DImpl::forward(const torch::Tensor& x, const torch::Tensor& temb) {
    auto h = conv1(silu_fresh(norm1(x)));
    if (time_emb_proj && temb.defined()) {
        // [B, out] broadcast over the spatial axes
        h = add_to_fresh(h, time_emb_proj(torch::silu(temb)).unsqueeze(-1).unsqueeze(-1));
    }
    h = conv2(silu_fresh(norm2(h)));
    return add_to_fresh(h, conv_shortcut ? conv_shortcut(x) : x);
}

}  // namespace reverie
