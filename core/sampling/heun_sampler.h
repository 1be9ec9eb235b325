#pragma once
// Heun's second-order method (Karras et al. 2022, Algorithm 1) as diffusers'
// HeunDiscreteScheduler: every timestep but the first is visited twice, an Euler predictor and a
// trapezoidal corrector, so a run of n steps makes 2n - 1 model calls.
#include "core/sampling/sigma_sampler.h"

namespace reverie::sampling {

class HeunSampler : public SigmaSampler {
  public:
    HeunSampler(const SchedulerConfig& config, bool karras = false);
    void set_timesteps(int num_inference_steps) override;

  protected:
    void begin(int start_index) override;
    StepOutput step(const torch::Tensor& model_output, int index, const torch::Tensor& x,
                    at::Generator* generator) override;

  private:
    // Set between the predictor and the corrector of one step.
    torch::Tensor prev_derivative_;
    torch::Tensor first_order_sample_;
    float dt_ = 0;
    bool in_first_order_ = true;
};

}  // namespace reverie::sampling
