#pragma once
// Downsample2D / Upsample2D: the resolution changes between UNet and VAE levels.
#include <torch/torch.h>

#include <optional>
#include "core/models/layers.h"

namespace reverie {

class Downsample2DImpl : public torch::nn::Module {
  public:
    // padding 1: the UNet's symmetric padding. padding 0: the VAE encoder's, which pads only the
    // right and bottom edges by one pixel before the stride-2 convolution (as LDM did).
    Downsample2DImpl(int64_t channels, int64_t padding);
    // [B, C, H, W] -> [B, C, ceil(H/2), ceil(W/2)] (padding 1) or [B, C, floor(H/2), ...]
    torch::Tensor forward(const torch::Tensor& x);

  private:
    Conv2d conv{nullptr};
    bool pad_right_bottom_ = false;
};
TORCH_MODULE(Downsample2D);

class Upsample2DImpl : public torch::nn::Module {
  public:
    explicit Upsample2DImpl(int64_t channels);
    // [B, C, H, W] -> [B, C, 2H, 2W], or [B, C, size] when given: an odd-sized skip connection
    // needs 2H-1 rather than 2H.
    torch::Tensor forward(const torch::Tensor& x,
                          const std::optional<std::vector<int64_t>>& size = std::nullopt);

  private:
    Conv2d conv{nullptr};
};
TORCH_MODULE(Upsample2D);

}  // namespace reverie
