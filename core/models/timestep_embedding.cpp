#include "core/models/timestep_embedding.h"

#include <cmath>

namespace reverie {

torch::Tensor timestep_embedding(const torch::Tensor& t, int64_t dim, bool flip_sin_to_cos,
                                 double freq_shift) {
    const int64_t half = dim / 2;
    auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(t.device());
    // Same operation order as diffusers so the float32 rounding matches.
    auto exponent = torch::arange(0, half, f32) * (-std::log(10000.0));
    exponent = exponent / (double(half) - freq_shift);
    auto args =
        t.reshape({-1}).to(torch::kFloat32).unsqueeze(1) * torch::exp(exponent).unsqueeze(0);
    auto emb = torch::cat({torch::sin(args), torch::cos(args)}, -1);
    if (flip_sin_to_cos) emb = torch::cat({emb.slice(1, half), emb.slice(1, 0, half)}, -1);
    if (dim % 2 == 1)
        emb = torch::nn::functional::pad(emb, torch::nn::functional::PadFuncOptions({0, 1}));
    return emb;
}

TimestepEmbeddingImpl::TimestepEmbeddingImpl(int64_t in, int64_t dim) {
    linear_1 = register_module("linear_1", Linear(in, dim));
    linear_2 = register_module("linear_2", Linear(dim, dim));
}

torch::Tensor TimestepEmbeddingImpl::forward(const torch::Tensor& x) {
    return linear_2(torch::silu(linear_1(x)));
}

}  // namespace reverie
