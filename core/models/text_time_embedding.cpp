#include "core/models/text_time_embedding.h"

#include <cmath>

#include "core/common/error.h"

namespace reverie {

AttentionPoolingImpl::AttentionPoolingImpl(int64_t heads, int64_t dim) : heads_(heads) {
    if (heads < 1 || dim % heads != 0)
        throw Error("AttentionPooling: " + std::to_string(dim) + " channels do not split into " +
                    std::to_string(heads) + " heads");
    positional_embedding =
        register_parameter("positional_embedding", torch::randn({1, dim}) / std::sqrt(double(dim)));
    k_proj = register_module("k_proj", Linear(dim, dim));
    q_proj = register_module("q_proj", Linear(dim, dim));
    v_proj = register_module("v_proj", Linear(dim, dim));
}

torch::Tensor AttentionPoolingImpl::forward(const torch::Tensor& x) {
    const int64_t b = x.size(0), dim = x.size(2), head_dim = dim / heads_;
    const auto query_token = x.mean(1, true) + positional_embedding.to(x.scalar_type());
    const auto tokens = torch::cat({query_token, x}, 1);  // [B, T+1, dim]
    // [B, L, dim] -> [B, heads, L, head_dim]
    const auto split = [&](const torch::Tensor& t) {
        return t.view({b, -1, heads_, head_dim}).transpose(1, 2);
    };
    // Both sides scaled by d^-1/4 rather than the product by d^-1/2: steadier in fp16.
    const double scale = 1.0 / std::sqrt(std::sqrt(double(head_dim)));
    const auto q = split(q_proj(query_token)) * scale;
    const auto k = split(k_proj(tokens)) * scale;
    const auto v = split(v_proj(tokens));
    const auto weight =
        torch::softmax(torch::matmul(q, k.transpose(-1, -2)).to(torch::kFloat32), -1)
            .to(q.scalar_type());
    return torch::matmul(weight, v).reshape({b, dim});  // heads concatenated
}

TextTimeEmbeddingImpl::TextTimeEmbeddingImpl(int64_t encoder_dim, int64_t time_embed_dim,
                                             int64_t heads) {
    norm1 = register_module("norm1", LayerNorm(encoder_dim));
    pool = register_module("pool", AttentionPooling(heads, encoder_dim));
    proj = register_module("proj", Linear(encoder_dim, time_embed_dim));
    norm2 = register_module("norm2", LayerNorm(time_embed_dim));
}

torch::Tensor TextTimeEmbeddingImpl::forward(const torch::Tensor& encoder_hidden_states) {
    return norm2(proj(pool(norm1(encoder_hidden_states))));
}

}  // namespace reverie
