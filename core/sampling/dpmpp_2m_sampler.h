#pragma once
// DPM-Solver++(2M) (Lu et al. 2022) as diffusers' DPMSolverMultistepScheduler with
// algorithm_type "dpmsolver++" (or "sde-dpmsolver++" for DPM++ 2M SDE), midpoint solver type,
// first-order warm-up and final step.
#include <vector>

#include "core/sampling/multistep_sampler.h"

namespace reverie::sampling {

class DpmPp2mSampler : public MultistepSampler {
  public:
    DpmPp2mSampler(const SchedulerConfig& config, bool karras = false, bool sde = false);
    void set_timesteps(int num_inference_steps) override;

  protected:
    void begin(int start_index) override;
    StepOutput step(const torch::Tensor& model_output, int index, const torch::Tensor& x,
                    at::Generator* generator) override;

  private:
    torch::Tensor first_order(const torch::Tensor& x0, int index, const torch::Tensor& x,
                              const torch::Tensor& noise) const;
    torch::Tensor second_order(int index, const torch::Tensor& x, const torch::Tensor& noise) const;

    bool sde_;
    std::vector<torch::Tensor>
        model_outputs_;  // the last solver_order x0 predictions, oldest first
    int lower_order_nums_ = 0;
};

}  // namespace reverie::sampling
