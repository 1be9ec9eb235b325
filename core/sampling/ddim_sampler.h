#pragma once
// DDIM (Song et al. 2020) as diffusers' DDIMScheduler: eta = 0 is deterministic, eta = 1 adds
// DDPM-like noise each step.
#include "core/sampling/sampler.h"

namespace reverie::sampling {

class DdimSampler : public Sampler {
  public:
    DdimSampler(const SchedulerConfig& config, double eta = 0.0);
    void set_timesteps(int num_inference_steps) override;

  protected:
    void begin(int) override {}
    StepOutput step(const torch::Tensor& model_output, int index, const torch::Tensor& x,
                    at::Generator* generator) override;

  private:
    double eta_;
    bool clip_sample_;
    float final_alpha_cumprod_;
};

}  // namespace reverie::sampling
