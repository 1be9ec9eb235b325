#pragma once
// Euler ancestral as diffusers' EulerAncestralDiscreteScheduler: an Euler step down to sigma_down,
// then fresh noise of scale sigma_up.
#include "core/sampling/sigma_sampler.h"

namespace reverie::sampling {

class EulerAncestralSampler : public SigmaSampler {
  public:
    explicit EulerAncestralSampler(const SchedulerConfig& config);
    void set_timesteps(int num_inference_steps) override;

  protected:
    void begin(int) override {}
    StepOutput step(const torch::Tensor& model_output, int index, const torch::Tensor& x,
                    at::Generator* generator) override;
};

}  // namespace reverie::sampling
