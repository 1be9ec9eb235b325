#pragma once
// ControlNet (Zhang et al. 2023; diffusers ControlNetModel): a trainable copy of the UNet's encoder
// half that reads the noisy latent plus a control picture (edges, scribble, depth...) and returns
// one residual per UNet skip connection and one for the mid block, each through its own 1×1
// "zero" convolution. The UNet adds them (Conditioning::down_residuals / mid_residual).
#include <torch/torch.h>

#include <vector>

#include "core/models/conditioning.h"
#include "core/models/controlnet_config.h"
#include "core/models/layers.h"
#include "core/models/timestep_embedding.h"
#include "core/models/unet_blocks.h"

namespace reverie {

// The hint encoder: the control picture at full resolution -> the latent's size and the UNet's
// first width. conv_in, then per stage a 3×3 conv and a stride-2 3×3 conv, SiLU after each, then
// conv_out (zero-initialised in training).
class ControlNetConditioningEmbeddingImpl : public torch::nn::Module {
  public:
    ControlNetConditioningEmbeddingImpl(int64_t conditioning_channels,
                                        const std::vector<int64_t>& widths, int64_t out_channels);
    // [B, conditioning_channels, 8h, 8w] in [0, 1] -> [B, out_channels, h, w]
    torch::Tensor forward(const torch::Tensor& hint);

  private:
    Conv2d conv_in{nullptr}, conv_out{nullptr};
    torch::nn::ModuleList blocks;
};
TORCH_MODULE(ControlNetConditioningEmbedding);

// What a ControlNet adds to a UNet call.
struct ControlResiduals {
    std::vector<torch::Tensor> down;  // one per skip connection, in the UNet's order
    torch::Tensor mid;
};

class ControlNetModelImpl : public torch::nn::Module {
  public:
    explicit ControlNetModelImpl(const ControlNetConfig& config);

    // sample [B, 4, h, w] (the latent as the UNet gets it, without the inpainting channels),
    // timestep [] or [B], cond: its context and (SDXL) vector — the UNet's own, hint [B, 3, 8h,
    // 8w] in [0, 1]. `scales`: one factor per output (down residuals, then mid), or a single one
    // for all, as diffusers' conditioning_scale.
    ControlResiduals forward(const torch::Tensor& sample, const torch::Tensor& timestep,
                             const Conditioning& cond, const torch::Tensor& hint,
                             const std::vector<double>& scales = {1.0});

    torch::Tensor hint_embedding(const torch::Tensor& hint) {
        return controlnet_cond_embedding(hint);
    }
    const ControlNetConfig& config() const { return config_; }

  private:
    ControlNetConfig config_;
    Timesteps time_proj{nullptr};
    TimestepEmbedding time_embedding{nullptr};
    TimestepEmbedding add_embedding{nullptr};  // SDXL's text_time vector
    Conv2d conv_in{nullptr};
    ControlNetConditioningEmbedding controlnet_cond_embedding{nullptr};
    torch::nn::ModuleList down_blocks, controlnet_down_blocks;
    UNetMidBlock2DCrossAttn mid_block{nullptr};
    Conv2d controlnet_mid_block{nullptr};
};
TORCH_MODULE(ControlNetModel);

}  // namespace reverie
