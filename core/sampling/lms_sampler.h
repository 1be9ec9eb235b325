#pragma once
// Linear multistep (k-diffusion's sample_lms) as diffusers' LMSDiscreteScheduler: up to four past
// derivatives combined with Lagrange-polynomial weights integrated over each sigma interval.
#include <deque>

#include "core/sampling/sigma_sampler.h"

namespace reverie::sampling {

class LmsSampler : public SigmaSampler {
  public:
    LmsSampler(const SchedulerConfig& config, bool karras = false);
    void set_timesteps(int num_inference_steps) override;

  protected:
    void begin(int) override { derivatives_.clear(); }
    StepOutput step(const torch::Tensor& model_output, int index, const torch::Tensor& x,
                    at::Generator* generator) override;

  private:
    double coefficient(int order, int index, int current_order) const;

    static constexpr int kOrder = 4;
    std::deque<torch::Tensor> derivatives_;
};

}  // namespace reverie::sampling
