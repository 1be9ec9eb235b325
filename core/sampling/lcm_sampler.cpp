#include "core/sampling/lcm_sampler.h"

#include <cmath>
#include <vector>

#include "core/common/error.h"
#include "core/sampling/rng.h"
#include "core/sampling/schedule_math.h"

namespace reverie::sampling {

LcmSampler::LcmSampler(const SchedulerConfig& config)
    : Sampler("lcm", config),
      final_alpha_cumprod_(config.set_alpha_to_one.value_or(true) ? 1.0f : alpha_cumprod(0)) {}

void LcmSampler::set_timesteps(int n) {
    check_steps(n);
    const int original = config_.original_inference_steps;
    if (n > original)
        throw Error("The LCM sampler runs at most " + std::to_string(original) +
                    " steps (the model's original_inference_steps), got " + std::to_string(n) +
                    ".");
    num_inference_steps_ = n;
    // The distillation grid: every k-th training timestep, descending.
    const int k = config_.num_train_timesteps / original;
    std::vector<int64_t> origin;
    for (int i = original; i >= 1; --i) origin.push_back(int64_t(i) * k - 1);
    // Evenly spaced picks from that grid.
    const auto picks = np_linspace(0, double(origin.size()), n, false);
    std::vector<int64_t> ts;
    for (double p : picks) ts.push_back(origin[size_t(std::floor(p))]);
    timesteps_ = torch::tensor(ts, torch::kInt64);
}

Sampler::StepOutput LcmSampler::step(const torch::Tensor& model_output, int index,
                                     const torch::Tensor& x, at::Generator* generator) {
    const int64_t t = timestep_int(index);
    const int64_t prev_t = index + 1 < timesteps_.size(0) ? timestep_int(index + 1) : t;
    const float alpha_prod_t = alpha_cumprod(t);
    const float alpha_prod_t_prev = prev_t >= 0 ? alpha_cumprod(prev_t) : final_alpha_cumprod_;
    const float beta_prod_t = 1 - alpha_prod_t;
    const float beta_prod_t_prev = 1 - alpha_prod_t_prev;

    // Boundary condition scalings (sigma_data = 0.5) at the scaled timestep.
    const float sigma_data = 0.5f;
    const float scaled = float(t) * float(config_.timestep_scaling);
    const float c_skip = sigma_data * sigma_data / (scaled * scaled + sigma_data * sigma_data);
    const float c_out = scaled / std::sqrt(scaled * scaled + sigma_data * sigma_data);

    torch::Tensor x0;
    if (v_prediction())
        x0 = std::sqrt(alpha_prod_t) * x - std::sqrt(beta_prod_t) * model_output;
    else
        x0 = (x - std::sqrt(beta_prod_t) * model_output) / std::sqrt(alpha_prod_t);
    if (config_.clip_sample.value_or(false))
        x0 = x0.clamp(-config_.clip_sample_range, config_.clip_sample_range);

    const auto denoised = c_out * x0 + c_skip * x;
    if (index == num_inference_steps_ - 1) return {denoised, denoised};
    const auto noise = randn(model_output.sizes(), generator, denoised.options());
    return {std::sqrt(alpha_prod_t_prev) * denoised + std::sqrt(beta_prod_t_prev) * noise,
            denoised};
}

}  // namespace reverie::sampling
