#pragma once
// Common ground of the data-prediction multistep solvers (DPM-Solver++, UniPC): integer timesteps
// spaced over num_inference_steps + 1 points, noise levels as (alpha_t, sigma_t) pairs and
// log-SNR lambda = log(alpha_t / sigma_t).
#include <vector>

#include "core/sampling/sampler.h"

namespace reverie::sampling {

class MultistepSampler : public Sampler {
  public:
    torch::Tensor add_noise(const torch::Tensor& original, const torch::Tensor& noise,
                            int step_index) const override;

  protected:
    MultistepSampler(std::string name, const SchedulerConfig& config, bool karras);

    struct AlphaSigma {
        float alpha;
        float sigma;
        float lambda() const { return std::log(alpha) - std::log(sigma); }
    };
    static AlphaSigma alpha_sigma(float sigma);
    AlphaSigma at(int sigma_index) const { return alpha_sigma(sigma(sigma_index)); }

    // Sets timesteps_ and sigmas_; `final_sigma` is appended after the per-step sigmas unless
    // Karras sigmas repeat their last one (UniPC's rule when `karras_repeats_last`).
    void set_multistep_timesteps(int num_inference_steps, double final_sigma,
                                 bool karras_repeats_last);
    // x0 predicted from an epsilon / v output at sigma index `index`.
    torch::Tensor predict_x0(const torch::Tensor& model_output, const torch::Tensor& x,
                             int index) const;
    float sigma_min() const;

    bool karras_;
};

}  // namespace reverie::sampling
