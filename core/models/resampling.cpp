#include "core/models/resampling.h"

#include "core/models/resnet_block.h"

namespace reverie {

namespace F = torch::nn::functional;

Downsample2DImpl::Downsample2DImpl(int64_t channels, int64_t padding)
    : pad_right_bottom_(padding == 0) {
    conv = register_module("conv", conv3x3(channels, channels, /*stride=*/2, padding));
}

torch::Tensor Downsample2DImpl::forward(const torch::Tensor& x) {
    if (!pad_right_bottom_) return conv(x);
    return conv(F::pad(x, F::PadFuncOptions({0, 1, 0, 1})));
}

Upsample2DImpl::Upsample2DImpl(int64_t channels) {
    conv = register_module("conv", conv3x3(channels, channels));
}

torch::Tensor Upsample2DImpl::forward(const torch::Tensor& x,
                                      const std::optional<std::vector<int64_t>>& size) {
    // Nearest upsampling has no bf16 kernel in older LibTorch builds; it is exact in fp32.
    const bool via_float = x.scalar_type() == torch::kBFloat16;
    auto in = via_float ? x.to(torch::kFloat32) : x;
    auto opts = F::InterpolateFuncOptions().mode(torch::kNearest);
    if (size)
        opts.size(*size);
    else
        opts.scale_factor(std::vector<double>{2.0, 2.0});
    auto up = F::interpolate(in, opts);
    if (via_float) up = up.to(x.scalar_type());
    return conv(up);
}

}  // namespace reverie
