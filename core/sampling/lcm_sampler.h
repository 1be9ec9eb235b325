#pragma once
// Latent Consistency Model sampling (Luo et al. 2023) as diffusers' LCMScheduler: each step maps
// the latent straight to a denoised estimate through the consistency boundary condition, then
// re-noises it to the next timestep (except after the last one).
#include "core/sampling/sampler.h"

namespace reverie::sampling {

class LcmSampler : public Sampler {
  public:
    explicit LcmSampler(const SchedulerConfig& config);
    void set_timesteps(int num_inference_steps) override;

  protected:
    void begin(int) override {}
    StepOutput step(const torch::Tensor& model_output, int index, const torch::Tensor& x,
                    at::Generator* generator) override;

  private:
    float final_alpha_cumprod_;
};

}  // namespace reverie::sampling
