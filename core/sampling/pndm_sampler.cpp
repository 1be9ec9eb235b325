#include "core/sampling/pndm_sampler.h"

#include <cmath>

#include "core/common/error.h"
#include "core/sampling/ddpm_timesteps.h"

namespace reverie::sampling {

PndmSampler::PndmSampler(const SchedulerConfig& config)
    : Sampler("pndm", config),
      final_alpha_cumprod_(config.set_alpha_to_one.value_or(false) ? 1.0f : alpha_cumprod(0)) {
    if (!config.skip_prk_steps)
        throw Error(
            "The PNDM sampler supports only skip_prk_steps = true (the PLMS form Stable "
            "Diffusion uses).");
}

void PndmSampler::set_timesteps(int n) {
    check_steps(n);
    num_inference_steps_ = n;
    const auto ts = ddpm_timesteps_ascending(spacing_or("leading"), config_.num_train_timesteps, n,
                                             config_.steps_offset);
    // PLMS needs two model outputs before its first real step: the second-to-last timestep is
    // visited twice.
    std::vector<int64_t> plms(ts.begin(), ts.end() - 1);
    if (ts.size() >= 2) plms.push_back(ts[ts.size() - 2]);
    plms.push_back(ts.back());
    std::reverse(plms.begin(), plms.end());
    timesteps_ = torch::tensor(plms, torch::kInt64);
}

void PndmSampler::begin(int) {
    ets_.clear();
    cur_sample_ = torch::Tensor();
    counter_ = 0;
}

torch::Tensor PndmSampler::prev_sample(const torch::Tensor& x, int64_t t, int64_t prev_t,
                                       torch::Tensor model_output) const {
    const float alpha_prod_t = alpha_cumprod(t);
    const float alpha_prod_t_prev = prev_t >= 0 ? alpha_cumprod(prev_t) : final_alpha_cumprod_;
    const float beta_prod_t = 1 - alpha_prod_t;
    const float beta_prod_t_prev = 1 - alpha_prod_t_prev;
    if (v_prediction())
        model_output = std::sqrt(alpha_prod_t) * model_output + std::sqrt(beta_prod_t) * x;
    // Formula (9) of the PNDM paper, written with alphas_cumprod.
    const float sample_coeff = std::sqrt(alpha_prod_t_prev / alpha_prod_t);
    const float denom = alpha_prod_t * std::sqrt(beta_prod_t_prev) +
                        std::sqrt(alpha_prod_t * beta_prod_t * alpha_prod_t_prev);
    return sample_coeff * x - (alpha_prod_t_prev - alpha_prod_t) * model_output / denom;
}

Sampler::StepOutput PndmSampler::step(const torch::Tensor& model_output, int index,
                                      const torch::Tensor& x, at::Generator*) {
    const int64_t stride = config_.num_train_timesteps / num_inference_steps_;
    int64_t t = timestep_int(index);
    int64_t prev_t = t - stride;
    if (counter_ != 1) {
        if (ets_.size() > 3) ets_.erase(ets_.begin(), ets_.end() - 3);
        ets_.push_back(model_output);
    } else {
        prev_t = t;
        t = t + stride;
    }

    torch::Tensor eps;
    torch::Tensor sample = x;
    const size_t n = ets_.size();
    if (n == 1 && counter_ == 0) {
        eps = model_output;
        cur_sample_ = x;
    } else if (n == 1 && counter_ == 1) {
        eps = (model_output + ets_.back()) / 2;
        sample = cur_sample_;
        cur_sample_ = torch::Tensor();
    } else if (n == 2) {
        eps = (3 * ets_[1] - ets_[0]) / 2;
    } else if (n == 3) {
        eps = (23 * ets_[2] - 16 * ets_[1] + 5 * ets_[0]) / 12;
    } else {
        eps = (1.0 / 24) * (55 * ets_[3] - 59 * ets_[2] + 37 * ets_[1] - 9 * ets_[0]);
    }
    auto prev = prev_sample(sample, t, prev_t, eps);
    ++counter_;
    return {prev, ddpm_x0(eps, t, sample)};
}

}  // namespace reverie::sampling
