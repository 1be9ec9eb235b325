#include "core/sampling/ddim_sampler.h"

#include <algorithm>
#include <cmath>

#include "core/sampling/ddpm_timesteps.h"
#include "core/sampling/rng.h"

namespace reverie::sampling {

DdimSampler::DdimSampler(const SchedulerConfig& config, double eta)
    : Sampler("ddim", config),
      eta_(eta),
      clip_sample_(config.clip_sample.value_or(true)),
      final_alpha_cumprod_(config.set_alpha_to_one.value_or(true) ? 1.0f : alpha_cumprod(0)) {}

void DdimSampler::set_timesteps(int n) {
    check_steps(n);
    num_inference_steps_ = n;
    auto ts = ddpm_timesteps_ascending(spacing_or("leading"), config_.num_train_timesteps, n,
                                       config_.steps_offset);
    std::reverse(ts.begin(), ts.end());
    timesteps_ = torch::tensor(ts, torch::kInt64);
}

Sampler::StepOutput DdimSampler::step(const torch::Tensor& model_output, int index,
                                      const torch::Tensor& x, at::Generator* generator) {
    const int64_t t = timestep_int(index);
    // diffusers steps back by a fixed stride whatever the spacing.
    const int64_t prev_t = t - config_.num_train_timesteps / num_inference_steps_;
    const float alpha_prod_t = alpha_cumprod(t);
    const float alpha_prod_t_prev = prev_t >= 0 ? alpha_cumprod(prev_t) : final_alpha_cumprod_;
    const float beta_prod_t = 1 - alpha_prod_t;

    torch::Tensor pred_x0, pred_eps;
    if (v_prediction()) {
        pred_x0 = std::sqrt(alpha_prod_t) * x - std::sqrt(beta_prod_t) * model_output;
        pred_eps = std::sqrt(alpha_prod_t) * model_output + std::sqrt(beta_prod_t) * x;
    } else {
        pred_x0 = (x - std::sqrt(beta_prod_t) * model_output) / std::sqrt(alpha_prod_t);
        pred_eps = model_output;
    }
    if (clip_sample_) {
        const double r = config_.clip_sample_range;
        pred_x0 = pred_x0.clamp(-r, r);
    }

    const float beta_prod_t_prev = 1 - alpha_prod_t_prev;
    const float variance =
        (beta_prod_t_prev / beta_prod_t) * (1 - alpha_prod_t / alpha_prod_t_prev);
    const float std_dev_t = float(eta_) * std::sqrt(variance);

    const auto direction = std::sqrt(1 - alpha_prod_t_prev - std_dev_t * std_dev_t) * pred_eps;
    auto prev = std::sqrt(alpha_prod_t_prev) * pred_x0 + direction;
    if (eta_ > 0) {
        const auto noise = randn(model_output.sizes(), generator, model_output.options());
        prev = prev + std_dev_t * noise;
    }
    return {prev, pred_x0};
}

}  // namespace reverie::sampling
