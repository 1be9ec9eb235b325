#pragma once
// The VAE's two halves: Encoder (image -> 2·latent moments) and Decoder (latent -> image).
#include <torch/torch.h>

#include "core/models/group_norm.h"

#include "core/models/layers.h"
#include "core/models/vae_blocks.h"
#include "core/models/vae_config.h"

namespace reverie {

class EncoderImpl : public torch::nn::Module {
  public:
    explicit EncoderImpl(const VaeConfig& c);
    // [B, in_channels, H, W] in [-1, 1] -> [B, 2·latent_channels, H/8, W/8]
    torch::Tensor forward(const torch::Tensor& x);

  private:
    Conv2d conv_in{nullptr}, conv_out{nullptr};
    torch::nn::ModuleList down_blocks;
    VaeMidBlock mid_block{nullptr};
    GroupNorm conv_norm_out{nullptr};
};
TORCH_MODULE(Encoder);

class DecoderImpl : public torch::nn::Module {
  public:
    explicit DecoderImpl(const VaeConfig& c);
    // [B, latent_channels, h, w] -> [B, out_channels, 8h, 8w], roughly in [-1, 1]
    torch::Tensor forward(const torch::Tensor& z) { return upsample(middle(z)); }
    // The two stages, for tiled decoding: conv_in and the mid block at latent resolution
    // (where the global attention lives) -> [B, C, h, w]; then the up blocks -> the image.
    torch::Tensor middle(const torch::Tensor& z);
    torch::Tensor upsample(const torch::Tensor& h);

  private:
    Conv2d conv_in{nullptr}, conv_out{nullptr};
    torch::nn::ModuleList up_blocks;
    VaeMidBlock mid_block{nullptr};
    GroupNorm conv_norm_out{nullptr};
};
TORCH_MODULE(Decoder);

}  // namespace reverie
