#include "core/sampling/unipc_sampler.h"

#include <algorithm>
#include <cmath>

namespace reverie::sampling {

UniPcSampler::UniPcSampler(const SchedulerConfig& config, bool karras)
    : MultistepSampler(karras ? "unipc_karras" : "unipc", config, karras) {}

void UniPcSampler::set_timesteps(int n) {
    // diffusers' UniPC ends on the smallest training sigma, not on zero.
    set_multistep_timesteps(n, sigma_min(), true);
    begin(0);
}

void UniPcSampler::begin(int) {
    model_outputs_.assign(size_t(config_.solver_order), torch::Tensor());
    last_sample_ = torch::Tensor();
    lower_order_nums_ = 0;
    this_order_ = 1;
}

UniPcSampler::Coefficients UniPcSampler::coefficients(int target, int base, int history_base,
                                                      int order) const {
    Coefficients c;
    const float lambda_s0 = at(base).lambda();
    const float h = at(target).lambda() - lambda_s0;
    const auto& m0 = model_outputs_.back();
    std::vector<float> rks;
    for (int i = 1; i < order; ++i) {
        const auto& mi = model_outputs_[model_outputs_.size() - 1 - i];
        const float rk = (at(history_base - i).lambda() - lambda_s0) / h;
        rks.push_back(rk);
        c.d1s.push_back((mi - m0) / rk);
    }
    rks.push_back(1.0f);
    c.rks = torch::tensor(rks, torch::kFloat32);

    const float hh = -h;  // data prediction
    c.h_phi_1 = std::expm1(hh);
    c.b_h = std::expm1(hh);  // bh2
    float h_phi_k = c.h_phi_1 / hh - 1;
    int factorial = 1;
    std::vector<torch::Tensor> rows;
    std::vector<float> b;
    for (int i = 1; i <= order; ++i) {
        rows.push_back(torch::pow(c.rks, i - 1));
        b.push_back(h_phi_k * float(factorial) / c.b_h);
        factorial *= i + 1;
        h_phi_k = h_phi_k / hh - float(1.0 / factorial);
    }
    c.r = torch::stack(rows);
    c.b = torch::tensor(b, torch::kFloat32);
    return c;
}

namespace {

// sum_k rhos[k] * d1s[k]
torch::Tensor combine(const torch::Tensor& rhos, const std::vector<torch::Tensor>& d1s) {
    torch::Tensor out;
    for (size_t k = 0; k < d1s.size(); ++k) {
        auto term = rhos[int64_t(k)] * d1s[k];
        out = out.defined() ? out + term : term;
    }
    return out;
}

}  // namespace

torch::Tensor UniPcSampler::predictor(const torch::Tensor& x, int index, int order) const {
    const auto c = coefficients(index + 1, index, index, order);
    const auto t = at(index + 1), s0 = at(index);
    const auto x_t = t.sigma / s0.sigma * x - t.alpha * c.h_phi_1 * model_outputs_.back();
    if (c.d1s.empty()) return x_t;
    const torch::Tensor rhos =
        order == 2 ? torch::tensor({0.5f})
                   : torch::linalg_solve(c.r.slice(0, 0, -1).slice(1, 0, -1), c.b.slice(0, 0, -1));
    return x_t - t.alpha * c.b_h * combine(rhos, c.d1s);
}

torch::Tensor UniPcSampler::corrector(const torch::Tensor& x0_now, const torch::Tensor& last_sample,
                                      int index, int order) const {
    const auto c = coefficients(index, index - 1, index - 1, order);
    const auto t = at(index), s0 = at(index - 1);
    const auto& m0 = model_outputs_.back();
    const torch::Tensor rhos = order == 1 ? torch::tensor({0.5f}) : torch::linalg_solve(c.r, c.b);
    const auto x_t = t.sigma / s0.sigma * last_sample - t.alpha * c.h_phi_1 * m0;
    auto correction = rhos[-1] * (x0_now - m0);
    if (!c.d1s.empty()) correction = combine(rhos.slice(0, 0, -1), c.d1s) + correction;
    return x_t - t.alpha * c.b_h * correction;
}

Sampler::StepOutput UniPcSampler::step(const torch::Tensor& model_output, int index,
                                       const torch::Tensor& x, at::Generator*) {
    const auto x0 = predict_x0(model_output, x, index);
    torch::Tensor sample = x;
    if (index > 0 && last_sample_.defined())
        sample = corrector(x0, last_sample_, index, this_order_);
    model_outputs_.erase(model_outputs_.begin());
    model_outputs_.push_back(x0);

    const int total = int(timesteps_.size(0));
    int order = config_.solver_order;
    if (config_.lower_order_final) order = std::min(order, total - index);
    this_order_ = std::min(order, lower_order_nums_ + 1);
    last_sample_ = sample;
    auto prev = predictor(sample, index, this_order_);
    if (lower_order_nums_ < config_.solver_order) ++lower_order_nums_;
    return {prev, x0};
}

}  // namespace reverie::sampling
