#pragma once
// The UNet's spatial transformer: Transformer2DModel holding BasicTransformerBlocks
// (self-attention, cross-attention on the text embeddings, GEGLU feed-forward).
#include <torch/torch.h>

#include "core/models/attention.h"
#include "core/models/layers.h"

namespace reverie {

// Linear(dim, 2·inner) whose second half gates the first through GELU.
class GEGLUImpl : public torch::nn::Module {
  public:
    GEGLUImpl(int64_t dim, int64_t inner);
    torch::Tensor forward(const torch::Tensor& x);  // [..., dim] -> [..., inner]

  private:
    Linear proj{nullptr};
};
TORCH_MODULE(GEGLU);

// net.0 = GEGLU(dim, 4·dim), net.1 = dropout (no weights), net.2 = Linear(4·dim, dim).
class FeedForwardImpl : public torch::nn::Module {
  public:
    explicit FeedForwardImpl(int64_t dim);
    torch::Tensor forward(const torch::Tensor& x);  // [..., dim] -> [..., dim]

  private:
    torch::nn::ModuleList net;
    GEGLU geglu_{nullptr};
    Linear out_{nullptr};
};
TORCH_MODULE(FeedForward);

struct TransformerOptions {
    int64_t channels = 0;
    int64_t heads = 8;
    int64_t cross_attention_dim = 768;
    int64_t layers = 1;
    int64_t norm_groups = 32;
    bool use_linear_projection = false;  // SD2: Linear proj_in/proj_out instead of 1×1 conv
    bool upcast_attention = false;
};

class BasicTransformerBlockImpl : public torch::nn::Module {
  public:
    explicit BasicTransformerBlockImpl(const TransformerOptions& o);
    // x [B, N, C], context [B, M, cross_attention_dim] -> [B, N, C]
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context);

  private:
    LayerNorm norm1{nullptr}, norm2{nullptr}, norm3{nullptr};
    Attention attn1{nullptr}, attn2{nullptr};
    FeedForward ff{nullptr};
};
TORCH_MODULE(BasicTransformerBlock);

class Transformer2DModelImpl : public torch::nn::Module {
  public:
    explicit Transformer2DModelImpl(const TransformerOptions& o);
    // x [B, C, H, W], context [B, M, cross_attention_dim] -> [B, C, H, W]
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context);

  private:
    bool linear_;
    GroupNorm norm{nullptr};
    torch::nn::AnyModule proj_in, proj_out;  // Conv2d 1×1 or Linear
    torch::nn::ModuleList transformer_blocks;
};
TORCH_MODULE(Transformer2DModel);

}  // namespace reverie
