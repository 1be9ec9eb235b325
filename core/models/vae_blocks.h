#pragma once
// The VAE's levels: DownEncoderBlock2D, UpDecoderBlock2D and the mid block (resnet, single-head
// attention over the whole feature map, resnet). No time embedding anywhere.
#include <torch/torch.h>

namespace reverie {

struct VaeBlockOptions {
    int64_t in_channels = 0;
    int64_t out_channels = 0;
    int64_t layers = 2;
    bool resample = true;
    int64_t groups = 32;
    double eps = 1e-6;
};

class DownEncoderBlock2DImpl : public torch::nn::Module {
  public:
    explicit DownEncoderBlock2DImpl(const VaeBlockOptions& o);
    torch::Tensor forward(torch::Tensor x);  // [B, in, H, W] -> [B, out, H/2, W/2]

  private:
    torch::nn::ModuleList resnets, downsamplers{nullptr};
};
TORCH_MODULE(DownEncoderBlock2D);

class UpDecoderBlock2DImpl : public torch::nn::Module {
  public:
    explicit UpDecoderBlock2DImpl(const VaeBlockOptions& o);
    torch::Tensor forward(torch::Tensor x);  // [B, in, H, W] -> [B, out, 2H, 2W]

  private:
    torch::nn::ModuleList resnets, upsamplers{nullptr};
};
TORCH_MODULE(UpDecoderBlock2D);

// UNetMidBlock2D as the VAE uses it (one attention layer, head dim = channels).
class VaeMidBlockImpl : public torch::nn::Module {
  public:
    VaeMidBlockImpl(int64_t channels, int64_t groups, double eps);
    torch::Tensor forward(torch::Tensor x);  // [B, C, H, W] -> same

  private:
    torch::nn::ModuleList resnets, attentions;
};
TORCH_MODULE(VaeMidBlock);

}  // namespace reverie
