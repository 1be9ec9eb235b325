#pragma once
// Multi-head attention as diffusers' `Attention`: to_q/to_k/to_v projections, heads, to_out.0.
// The VAE's variant adds a group norm in front and the residual behind, over a feature map.
#include <torch/torch.h>

#include "core/models/group_norm.h"
#include "core/models/layers.h"

namespace reverie {

struct AttentionOptions {
    int64_t query_dim = 0;
    int64_t cross_attention_dim = 0;  // 0: self-attention (keys and values from the query input)
    int64_t heads = 1;
    int64_t dim_head = 0;
    bool qkv_bias = false;
    // Scores and softmax in fp32 whatever the input dtype: SD 2.x overflows fp16 otherwise.
    bool upcast = false;
    int64_t norm_groups = 0;  // > 0: the VAE form, with `group_norm` and a residual connection
    double norm_eps = 1e-6;
};

class AttentionImpl : public torch::nn::Module {
  public:
    explicit AttentionImpl(const AttentionOptions& o);
    // x [B, N, query_dim], context [B, M, cross_attention_dim] or undefined -> [B, N, query_dim]
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context = {});
    // The VAE form: x [B, C, H, W] -> group norm, self-attention over H·W, + x.
    torch::Tensor forward_spatial(const torch::Tensor& x);

  private:
    AttentionOptions o_;
    GroupNorm group_norm{nullptr};
    Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr};
    torch::nn::ModuleList to_out;
};
TORCH_MODULE(Attention);

// softmax(q·kᵀ/√d)·v over [B, heads, N, d] tensors.
torch::Tensor scaled_dot_product(const torch::Tensor& q, const torch::Tensor& k,
                                 const torch::Tensor& v, bool upcast);

}  // namespace reverie
