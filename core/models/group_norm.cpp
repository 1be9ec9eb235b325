#include "core/models/group_norm.h"

#include "core/common/error.h"

namespace reverie {
namespace {

thread_local GroupNormStatsScope* current_scope = nullptr;

}  // namespace

GroupNormImpl::GroupNormImpl(int64_t groups, int64_t channels, double eps)
    : groups_(groups), eps_(eps) {
    weight = register_parameter("weight", torch::ones({channels}));
    bias = register_parameter("bias", torch::zeros({channels}));
}

torch::Tensor GroupNormImpl::forward(const torch::Tensor& x) {
    GroupNormStatsScope* scope = current_scope;
    if (!scope) return torch::group_norm(x, groups_, weight, bias, eps_);

    GroupNormStats& s = scope->stats_;
    const size_t i = scope->call_++;
    const int64_t n = x.size(0), c = x.size(1);
    const auto grouped = x.reshape({n, groups_, -1});
    if (scope->mode_ == GroupNormStats::Mode::Record) {
        // Statistics in float64: they are reused for many tiles, and a 2048² activation has 2^22
        // values per channel, where float32 sums lose digits.
        const auto g64 = grouped.to(torch::kFloat64);
        if (s.mean_.size() <= i) s.mean_.resize(i + 1), s.var_.resize(i + 1);
        s.mean_[i] = g64.mean(-1);
        s.var_[i] = g64.var(-1, /*unbiased=*/false);
    } else if (i >= s.mean_.size()) {
        throw Error("shared GroupNorm statistics: more GroupNorm calls than were recorded");
    }
    const auto mean = s.mean_[i].unsqueeze(-1).to(torch::kFloat32);
    const auto inv_std = torch::rsqrt(s.var_[i].unsqueeze(-1) + eps_).to(torch::kFloat32);
    const auto normed = ((grouped.to(torch::kFloat32) - mean) * inv_std).to(x.scalar_type());
    return normed.reshape(x.sizes()) * weight.reshape({1, c, 1, 1}) + bias.reshape({1, c, 1, 1});
}

GroupNormStatsScope::GroupNormStatsScope(GroupNormStats& stats, GroupNormStats::Mode mode)
    : stats_(stats), mode_(mode), previous_(current_scope) {
    current_scope = this;
}

GroupNormStatsScope::~GroupNormStatsScope() {
    current_scope = previous_;
}

}  // namespace reverie
