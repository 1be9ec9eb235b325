#pragma once
// Euler (Karras et al. 2022, Algorithm 2 without churn) as diffusers' EulerDiscreteScheduler.
#include "core/sampling/sigma_sampler.h"

namespace reverie::sampling {

class EulerSampler : public SigmaSampler {
  public:
    EulerSampler(const SchedulerConfig& config, bool karras = false);
    void set_timesteps(int num_inference_steps) override;

  protected:
    void begin(int) override {}
    StepOutput step(const torch::Tensor& model_output, int index, const torch::Tensor& x,
                    at::Generator* generator) override;
};

}  // namespace reverie::sampling
