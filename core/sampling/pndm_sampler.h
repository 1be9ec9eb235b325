#pragma once
// PNDM (Liu et al. 2022) in the PLMS-only form Stable Diffusion ships (skip_prk_steps): a linear
// multistep method on epsilon, warmed up by repeating the second timestep.
#include <vector>

#include "core/sampling/sampler.h"

namespace reverie::sampling {

class PndmSampler : public Sampler {
  public:
    explicit PndmSampler(const SchedulerConfig& config);
    void set_timesteps(int num_inference_steps) override;

  protected:
    void begin(int start_index) override;
    StepOutput step(const torch::Tensor& model_output, int index, const torch::Tensor& x,
                    at::Generator* generator) override;

  private:
    torch::Tensor prev_sample(const torch::Tensor& x, int64_t t, int64_t prev_t,
                              torch::Tensor model_output) const;

    float final_alpha_cumprod_;
    std::vector<torch::Tensor> ets_;
    torch::Tensor cur_sample_;
    int counter_ = 0;
};

}  // namespace reverie::sampling
