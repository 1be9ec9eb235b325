#pragma once
// ResnetBlock2D: the convolutional unit shared by the UNet and the VAE.
#include <torch/torch.h>

#include "core/models/group_norm.h"
#include "core/models/layers.h"

namespace reverie {

struct ResnetBlockOptions {
    int64_t in_channels = 0;
    int64_t out_channels = 0;
    int64_t temb_channels = 0;  // 0: no time embedding (VAE)
    int64_t groups = 32;
    double eps = 1e-5;
};

class ResnetBlock2DImpl : public torch::nn::Module {
  public:
    explicit ResnetBlock2DImpl(const ResnetBlockOptions& o);
    // x [B, in, H, W], temb [B, temb_channels] or undefined -> [B, out, H, W]
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb = {});

  private:
    GroupNorm norm1{nullptr}, norm2{nullptr};
    Conv2d conv1{nullptr}, conv2{nullptr}, conv_shortcut{nullptr};
    Linear time_emb_proj{nullptr};
};
TORCH_MODULE(ResnetBlock2D);

// A 3×3 convolution with padding 1, the most common layer here.
Conv2d conv3x3(int64_t in, int64_t out, int64_t stride = 1, int64_t padding = 1);
Conv2d conv1x1(int64_t in, int64_t out);
GroupNorm group_norm(int64_t groups, int64_t channels, double eps);

}  // namespace reverie
