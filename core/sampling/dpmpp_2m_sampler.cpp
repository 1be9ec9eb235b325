#include "core/sampling/dpmpp_2m_sampler.h"

#include <cmath>

#include "core/common/error.h"
#include "core/sampling/rng.h"

namespace reverie::sampling {

DpmPp2mSampler::DpmPp2mSampler(const SchedulerConfig& config, bool karras, bool sde)
    : MultistepSampler(std::string(sde ? "dpmpp_2m_sde" : "dpmpp_2m") + (karras ? "_karras" : ""),
                       config, karras),
      sde_(sde) {
    if (config.solver_order > 2)
        throw Error("DPM++ 2M is a second-order solver; set solver_order to 1 or 2.");
}

void DpmPp2mSampler::set_timesteps(int n) {
    const double final_sigma = config_.final_sigmas_type == "sigma_min" ? sigma_min() : 0.0;
    set_multistep_timesteps(n, final_sigma, false);
    begin(0);
}

void DpmPp2mSampler::begin(int) {
    model_outputs_.assign(size_t(config_.solver_order), torch::Tensor());
    lower_order_nums_ = 0;
}

torch::Tensor DpmPp2mSampler::first_order(const torch::Tensor& x0, int index,
                                          const torch::Tensor& x,
                                          const torch::Tensor& noise) const {
    const auto t = at(index + 1), s = at(index);
    // At a final sigma of zero lambda_t is +inf and exp(-h) is 0: the step lands on x0.
    const float h = t.lambda() - s.lambda();
    if (!sde_) return (t.sigma / s.sigma) * x - (t.alpha * (std::exp(-h) - 1.0f)) * x0;
    return (t.sigma / s.sigma * std::exp(-h)) * x + (t.alpha * (1 - std::exp(-2.0f * h))) * x0 +
           t.sigma * std::sqrt(1.0f - std::exp(-2 * h)) * noise;
}

torch::Tensor DpmPp2mSampler::second_order(int index, const torch::Tensor& x,
                                           const torch::Tensor& noise) const {
    const auto t = at(index + 1), s0 = at(index), s1 = at(index - 1);
    const auto& m0 = model_outputs_[model_outputs_.size() - 1];
    const auto& m1 = model_outputs_[model_outputs_.size() - 2];
    const float lambda_s0 = s0.lambda();
    const float h = t.lambda() - lambda_s0, h_0 = lambda_s0 - s1.lambda();
    const float r0 = h_0 / h;
    const auto& d0 = m0;
    const auto d1 = (1.0f / r0) * (m0 - m1);
    if (!sde_) {
        const float c = t.alpha * (std::exp(-h) - 1.0f);
        return (t.sigma / s0.sigma) * x - c * d0 - 0.5f * c * d1;
    }
    const float c = t.alpha * (1 - std::exp(-2.0f * h));
    return (t.sigma / s0.sigma * std::exp(-h)) * x + c * d0 + 0.5f * c * d1 +
           t.sigma * std::sqrt(1.0f - std::exp(-2 * h)) * noise;
}

Sampler::StepOutput DpmPp2mSampler::step(const torch::Tensor& model_output, int index,
                                         const torch::Tensor& x, at::Generator* generator) {
    const int total = int(timesteps_.size(0));
    const bool small = config_.lower_order_final && total < 15;
    const bool lower_order_final = index == total - 1 && (config_.euler_at_final || small ||
                                                          config_.final_sigmas_type == "zero");
    const bool lower_order_second = index == total - 2 && small;

    const auto x0 = predict_x0(model_output, x, index);
    model_outputs_.erase(model_outputs_.begin());
    model_outputs_.push_back(x0);

    torch::Tensor noise;
    if (sde_)
        noise =
            randn(model_output.sizes(), generator, model_output.options().dtype(torch::kFloat32));

    torch::Tensor prev;
    if (config_.solver_order == 1 || lower_order_nums_ < 1 || lower_order_final)
        prev = first_order(x0, index, x, noise);
    else
        prev = second_order(index, x, noise);
    (void)lower_order_second;  // only selects between orders 2 and 3, and this solver stops at 2
    if (lower_order_nums_ < config_.solver_order) ++lower_order_nums_;
    return {prev, x0};
}

}  // namespace reverie::sampling
