#pragma once
// The pooled-text path of diffusers' UNet2DConditionModel (addition_embed_type = "text"): the
// encoder states are attention-pooled into one vector (the class-token pooling of DeepFloyd IF /
// GLIDE) that is added to the timestep embedding, so every ResnetBlock sees the whole caption as a
// scale and shift, beside what cross-attention reads token by token. The built-in model uses it:
// a global summary of the caption is learnt far sooner than cross-attention on a 2-core budget.
#include <torch/torch.h>
#include "core/models/layers.h"

namespace reverie {

// diffusers AttentionPooling: a query made of the tokens' mean (+ a learnt position) attends over
// [that query, tokens]; the heads are concatenated, without an output projection.
class AttentionPoolingImpl : public torch::nn::Module {
  public:
    AttentionPoolingImpl(int64_t heads, int64_t dim);
    torch::Tensor forward(const torch::Tensor& x);  // [B, T, dim] -> [B, dim]

  private:
    int64_t heads_;
    torch::Tensor positional_embedding;
    Linear k_proj{nullptr}, q_proj{nullptr}, v_proj{nullptr};
};
TORCH_MODULE(AttentionPooling);

// diffusers TextTimeEmbedding: LayerNorm -> AttentionPooling -> Linear -> LayerNorm.
class TextTimeEmbeddingImpl : public torch::nn::Module {
  public:
    TextTimeEmbeddingImpl(int64_t encoder_dim, int64_t time_embed_dim, int64_t heads);
    torch::Tensor forward(const torch::Tensor& encoder_hidden_states);  // -> [B, time_embed_dim]

  private:
    LayerNorm norm1{nullptr}, norm2{nullptr};
    AttentionPooling pool{nullptr};
    Linear proj{nullptr};
};
TORCH_MODULE(TextTimeEmbedding);

}  // namespace reverie
