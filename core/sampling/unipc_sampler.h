#pragma once
// UniPC (Zhao et al. 2023) as diffusers' UniPCMultistepScheduler: a predictor (UniP) followed, at
// the next model call, by a corrector (UniC) that reuses that call's output; data prediction, B(h)
// variant bh2.
#include <vector>

#include "core/sampling/multistep_sampler.h"

namespace reverie::sampling {

class UniPcSampler : public MultistepSampler {
  public:
    UniPcSampler(const SchedulerConfig& config, bool karras = false);
    void set_timesteps(int num_inference_steps) override;

  protected:
    void begin(int start_index) override;
    StepOutput step(const torch::Tensor& model_output, int index, const torch::Tensor& x,
                    at::Generator* generator) override;

  private:
    struct Coefficients {
        float h_phi_1 = 0;
        float b_h = 0;
        torch::Tensor rks;  // [order] float32
        torch::Tensor r;    // [order, order]
        torch::Tensor b;    // [order]
        std::vector<torch::Tensor> d1s;
    };
    // `target` / `base` are sigma indices of the end and start of the step; the history offsets
    // pick the older model outputs.
    Coefficients coefficients(int target, int base, int history_base, int order) const;
    torch::Tensor predictor(const torch::Tensor& x, int index, int order) const;
    torch::Tensor corrector(const torch::Tensor& x0_now, const torch::Tensor& last_sample,
                            int index, int order) const;

    std::vector<torch::Tensor>
        model_outputs_;  // the last solver_order x0 predictions, oldest first
    torch::Tensor last_sample_;
    int lower_order_nums_ = 0;
    int this_order_ = 1;
};

}  // namespace reverie::sampling
