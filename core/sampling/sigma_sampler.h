#pragma once
// Common ground of the k-diffusion style samplers (Euler, Euler ancestral, Heun, LMS): they walk a
// sequence of noise levels sigma = sqrt((1 - alpha_bar) / alpha_bar) interpolated at fractional
// training timesteps, scale the model input by 1 / sqrt(sigma^2 + 1) and noise by adding
// sigma * noise.
#include <vector>

#include "core/sampling/sampler.h"

namespace reverie::sampling {

class SigmaSampler : public Sampler {
  public:
    double init_noise_sigma() const override;
    torch::Tensor add_noise(const torch::Tensor& original, const torch::Tensor& noise,
                            int step_index) const override;

  protected:
    SigmaSampler(std::string name, const SchedulerConfig& config, bool karras, int order = 1);

    struct Schedule {
        std::vector<double> timesteps;  // fractional training timesteps, descending
        std::vector<double> sigmas;     // one per timestep (no final zero)
    };
    // diffusers' set_timesteps arithmetic: timesteps spaced in float32, sigmas interpolated from
    // the training schedule, optionally replaced by Karras sigmas and their timesteps.
    Schedule discrete_schedule(int num_inference_steps) const;
    // Sets timesteps_ (in `timestep_dtype`) and sigmas_ (ending on zero) from discrete_schedule().
    void apply_discrete_schedule(int num_inference_steps, torch::ScalarType timestep_dtype);

    torch::Tensor scale_model_input(const torch::Tensor& x, int index) const override;
    // x0 from the model output at noise level `s` (epsilon or v).
    torch::Tensor predict_x0(const torch::Tensor& model_output, const torch::Tensor& x,
                             float s) const;

    bool karras_;
};

}  // namespace reverie::sampling
