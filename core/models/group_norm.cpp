#include "core/models/group_norm.h"

#include <cmath>

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
    const auto grouped = x.reshape({n, groups_, -1}).to(torch::kFloat64);
    using Mode = GroupNormStats::Mode;
    if (scope->mode_ == Mode::Record) {
        if (s.mean_.size() <= i) s.mean_.resize(i + 1), s.var_.resize(i + 1);
        s.mean_[i] = grouped.mean(-1);
        s.var_[i] = grouped.var(-1, /*unbiased=*/false);
    } else if (i >= s.mean_.size()) {
        throw Error("shared GroupNorm statistics: more GroupNorm calls than were recorded");
    }
    if (scope->mode_ == Mode::Accumulate) {
        const auto& w = scope->window_;
        const int64_t h = x.size(2), wd = x.size(3);
        const int64_t y0 = int64_t(std::floor(w[0] * h)), y1 = int64_t(std::floor(w[1] * h));
        const int64_t x0 = int64_t(std::floor(w[2] * wd)), x1 = int64_t(std::floor(w[3] * wd));
        const auto part = x.slice(2, y0, y1).slice(3, x0, x1).to(torch::kFloat64);
        const auto g = part.reshape({n, groups_, c / groups_, -1});
        if (s.sum_.size() <= i) {
            s.sum_.resize(i + 1), s.sq_.resize(i + 1), s.count_.resize(i + 1, 0.0);
        }
        const auto sum = g.sum({2, 3}), sq = g.pow(2).sum({2, 3});
        s.sum_[i] = s.sum_[i].defined() ? s.sum_[i] + sum : sum;
        s.sq_[i] = s.sq_[i].defined() ? s.sq_[i] + sq : sq;
        s.count_[i] += double(g.size(2) * g.size(3));
    }
    const auto mean = s.mean_[i].unsqueeze(-1), var = s.var_[i].unsqueeze(-1);
    const auto normed = ((grouped - mean) * torch::rsqrt(var + eps_)).to(x.scalar_type());
    return normed.reshape(x.sizes()) * weight.reshape({1, c, 1, 1}) + bias.reshape({1, c, 1, 1});
}

void GroupNormStats::finish() {
    for (size_t i = 0; i < sum_.size(); ++i) {
        if (!sum_[i].defined() || count_[i] <= 0) continue;
        mean_[i] = sum_[i] / count_[i];
        var_[i] = (sq_[i] / count_[i] - mean_[i].pow(2)).clamp_min(0.0);
    }
    sum_.clear();
    sq_.clear();
    count_.clear();
}

GroupNormStatsScope::GroupNormStatsScope(GroupNormStats& stats, GroupNormStats::Mode mode,
                                         std::array<double, 4> window)
    : stats_(stats), mode_(mode), window_(window), previous_(current_scope) {
    current_scope = this;
}

GroupNormStatsScope::~GroupNormStatsScope() {
    current_scope = previous_;
}

}  // namespace reverie
