#pragma once
// UNet2DConditionModel: the noise (or v) predictor of Stable Diffusion 1.x / 2.x and SDXL, with
// parameters registered under the diffusers names so a diffusers checkpoint loads with
// load_weights().
#include <torch/torch.h>

#include "core/models/conditioning.h"
#include "core/models/group_norm.h"
#include "core/models/layers.h"
#include "core/models/text_time_embedding.h"
#include "core/models/timestep_embedding.h"
#include "core/models/unet_blocks.h"
#include "core/models/unet_config.h"

namespace reverie {

class UNet2DConditionModelImpl : public torch::nn::Module {
  public:
    explicit UNet2DConditionModelImpl(const UNetConfig& config);

    // sample [B, in_channels - concat channels, H, W] (any H, W), timestep [] or [B] (any dtype),
    // the conditioning (see conditioning.h; its concat channels are appended to the sample, its
    // vector is required exactly when the config's addition_embed_type is "text_time")
    // -> [B, out_channels, H, W]
    torch::Tensor forward(const torch::Tensor& sample, const torch::Tensor& timestep,
                          const Conditioning& cond);
    // Cross-attention conditioning only (SD 1.x / 2.x).
    torch::Tensor forward(const torch::Tensor& sample, const torch::Tensor& timestep,
                          const torch::Tensor& encoder_hidden_states) {
        Conditioning cond;
        cond.context = encoder_hidden_states;
        return forward(sample, timestep, cond);
    }

    // SDXL's vector (diffusers' add_embeds, SGM's y): text_embeds [B, P] followed by the
    // sinusoids (addition_time_embed_dim each) of time_ids [B, K], float32 [B, P + K·dim].
    torch::Tensor text_time_vector(const torch::Tensor& text_embeds, const torch::Tensor& time_ids);

    // The two halves of the time conditioning, exposed for tests: t [B] -> [B, block_out[0]]
    // sinusoids, and -> [B, 4·block_out[0]] after the MLP.
    torch::Tensor time_proj(const torch::Tensor& t);
    torch::Tensor time_embedding(const torch::Tensor& t_emb);

    const UNetConfig& config() const { return config_; }

  private:
    UNetConfig config_;
    Timesteps time_proj_{nullptr};
    TimestepEmbedding time_embedding_{nullptr};
    // Both are registered as "add_embedding", as in diffusers; at most one exists.
    TextTimeEmbedding text_embedding_{nullptr};    // addition_embed_type "text"
    TimestepEmbedding vector_embedding_{nullptr};  // addition_embed_type "text_time"
    Timesteps add_time_proj_{nullptr};             // "text_time": the time ids' sinusoids
    Conv2d conv_in{nullptr}, conv_out{nullptr};
    torch::nn::ModuleList down_blocks, up_blocks;
    UNetMidBlock2DCrossAttn mid_block{nullptr};
    GroupNorm conv_norm_out{nullptr};
};
TORCH_MODULE(UNet2DConditionModel);

}  // namespace reverie
