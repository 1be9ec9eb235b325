#include "core/models/attention.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/models/attention_blocks.h"
#include "core/models/resnet_block.h"

namespace reverie {

namespace {

torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     bool upcast) {
    const bool reduced = q.scalar_type() == torch::kHalf || q.scalar_type() == torch::kBFloat16;
    // Plain matmul, never baddbmm: this LibTorch build leaks uninitialised memory through
    // baddbmm with beta = 0.
    const bool in_fp32 = upcast || reduced;
    const double scale = 1.0 / std::sqrt(double(q.size(-1)));
    auto qq = in_fp32 ? q.to(torch::kFloat32) : q;
    auto kk = in_fp32 ? k.to(torch::kFloat32) : k;
    auto probs = torch::softmax(torch::matmul(qq * scale, kk.transpose(-1, -2)), -1);
    return torch::matmul(probs.to(v.scalar_type()), v);
}

}  // namespace

torch::Tensor scaled_dot_product(const torch::Tensor& q, const torch::Tensor& k,
                                 const torch::Tensor& v, bool upcast) {
#if TORCH_VERSION_MAJOR >= 2
    // The fused kernels never hold the score matrix: no blocks needed. Upcast attention in reduced
    // precision keeps the explicit fp32 path below.
    const bool reduced = q.scalar_type() == torch::kHalf || q.scalar_type() == torch::kBFloat16;
    if (!(upcast && reduced)) return at::scaled_dot_product_attention(q, k, v);
#endif
    const int64_t n = q.size(-2), m = k.size(-2);
    const int64_t rows = q.numel() / std::max<int64_t>(1, n * q.size(-1));  // batch · heads
    const int64_t chunk = std::max<int64_t>(1, kMaxScoreElements / std::max<int64_t>(1, rows * m));
    if (chunk >= n) return attend(q, k, v, upcast);
    std::vector<torch::Tensor> parts;
    for (int64_t i = 0; i < n; i += chunk)
        parts.push_back(attend(q.slice(-2, i, std::min(n, i + chunk)), k, v, upcast));
    return torch::cat(parts, -2);
}

AttentionImpl::AttentionImpl(const AttentionOptions& o) : o_(o) {
    const int64_t inner = o.heads * o.dim_head;
    const int64_t kv_dim = o.cross_attention_dim > 0 ? o.cross_attention_dim : o.query_dim;
    if (o.norm_groups > 0)
        group_norm = register_module("group_norm",
                                     reverie::group_norm(o.norm_groups, o.query_dim, o.norm_eps));
    to_q = register_module("to_q", Linear(o.query_dim, inner, o.qkv_bias));
    to_k = register_module("to_k", Linear(kv_dim, inner, o.qkv_bias));
    to_v = register_module("to_v", Linear(kv_dim, inner, o.qkv_bias));
    to_out = register_module("to_out", torch::nn::ModuleList());
    to_out->push_back(Linear(inner, o.query_dim));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& context) {
    const auto& kv = context.defined() ? context : x;
    const int64_t b = x.size(0);
    // [B, N, heads·d] -> [B, heads, N, d]
    auto split = [&](const torch::Tensor& t) {
        return t.view({b, -1, o_.heads, o_.dim_head}).transpose(1, 2);
    };
    auto out = scaled_dot_product(split(to_q(x)), split(to_k(kv)), split(to_v(kv)), o_.upcast);
    out = out.transpose(1, 2).reshape({b, -1, o_.heads * o_.dim_head});
    return to_out[0]->as<Linear>()->forward(out);
}

torch::Tensor AttentionImpl::forward_spatial(const torch::Tensor& x) {
    const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    // [B, C, H, W] -> [B, H·W, C]
    auto seq = group_norm(x).view({b, c, h * w}).transpose(1, 2);
    auto out = forward(seq);
    return out.transpose(1, 2).reshape({b, c, h, w}) + x;
}

}  // namespace reverie
