#pragma once
// The diffusion timestep as the UNet sees it: a sinusoidal embedding (Timesteps, no weights)
// followed by an MLP (TimestepEmbedding).
#include <torch/torch.h>
#include "core/models/layers.h"

namespace reverie {

// diffusers `get_timestep_embedding`: t [B] (any dtype) -> [B, dim] float32. Frequencies are
// exp(-ln(10000)·i / (dim/2 - freq_shift)); halves are [sin, cos], or [cos, sin] when flipped.
torch::Tensor timestep_embedding(const torch::Tensor& t, int64_t dim, bool flip_sin_to_cos,
                                 double freq_shift);

class TimestepsImpl : public torch::nn::Module {
  public:
    TimestepsImpl(int64_t dim, bool flip_sin_to_cos, double freq_shift)
        : dim_(dim), flip_(flip_sin_to_cos), shift_(freq_shift) {}
    torch::Tensor forward(const torch::Tensor& t) {
        return timestep_embedding(t, dim_, flip_, shift_);
    }

  private:
    int64_t dim_;
    bool flip_;
    double shift_;
};
TORCH_MODULE(Timesteps);

// linear_1 -> SiLU -> linear_2
class TimestepEmbeddingImpl : public torch::nn::Module {
  public:
    TimestepEmbeddingImpl(int64_t in, int64_t dim);
    torch::Tensor forward(const torch::Tensor& x);  // [B, in] -> [B, dim]

  private:
    Linear linear_1{nullptr}, linear_2{nullptr};
};
TORCH_MODULE(TimestepEmbedding);

}  // namespace reverie
