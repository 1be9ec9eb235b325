#pragma once
// The UNet's levels: down blocks (resnets, optional transformers, a downsampler), the mid block and
// up blocks (which consume the down path's skip connections). One class serves both the plain and
// the cross-attention variant of each, as the only difference is whether `attentions` exist.
#include <torch/torch.h>

#include <optional>
#include <vector>

#include "core/models/transformer_2d.h"

namespace reverie {

struct UNetBlockOptions {
    int64_t in_channels = 0;
    int64_t out_channels = 0;
    int64_t prev_output_channels = 0;  // up blocks: channels coming from the level below
    int64_t temb_channels = 0;
    int64_t layers = 2;
    bool cross_attention = true;  // CrossAttn*Block2D vs *Block2D
    bool resample = true;         // add_downsample / add_upsample
    int64_t groups = 32;
    double eps = 1e-5;
    TransformerOptions transformer;  // channels are filled in per block
};

// CrossAttnDownBlock2D / DownBlock2D
class DownBlock2DImpl : public torch::nn::Module {
  public:
    explicit DownBlock2DImpl(const UNetBlockOptions& o);
    // x [B, in, H, W] -> [B, out, H', W']; appends every intermediate output to `skips`.
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& temb, const torch::Tensor& context,
                          std::vector<torch::Tensor>& skips);

  private:
    torch::nn::ModuleList resnets, attentions{nullptr}, downsamplers{nullptr};
};
TORCH_MODULE(DownBlock2D);

// UNetMidBlock2DCrossAttn: resnet, (transformer, resnet) × layers
class UNetMidBlock2DCrossAttnImpl : public torch::nn::Module {
  public:
    explicit UNetMidBlock2DCrossAttnImpl(const UNetBlockOptions& o);
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& temb, const torch::Tensor& context);

  private:
    torch::nn::ModuleList resnets, attentions;
};
TORCH_MODULE(UNetMidBlock2DCrossAttn);

// CrossAttnUpBlock2D / UpBlock2D
class UpBlock2DImpl : public torch::nn::Module {
  public:
    explicit UpBlock2DImpl(const UNetBlockOptions& o);
    // Pops one skip per resnet from the back of `skips`. `upsample_size`
    // is the spatial size of the next level's skip connection.
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& temb, const torch::Tensor& context,
                          std::vector<torch::Tensor>& skips,
                          const std::optional<std::vector<int64_t>>& upsample_size);

  private:
    torch::nn::ModuleList resnets, attentions{nullptr}, upsamplers{nullptr};
};
TORCH_MODULE(UpBlock2D);

}  // namespace reverie
