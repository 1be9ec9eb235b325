#include "core/sampling/euler_ancestral_sampler.h"

#include <cmath>

#include "core/sampling/rng.h"

namespace reverie::sampling {

EulerAncestralSampler::EulerAncestralSampler(const SchedulerConfig& config)
    : SigmaSampler("euler_a", config, false) {}

void EulerAncestralSampler::set_timesteps(int n) {
    apply_discrete_schedule(n, torch::kFloat32);
}

Sampler::StepOutput EulerAncestralSampler::step(const torch::Tensor& model_output, int index,
                                                const torch::Tensor& x, at::Generator* generator) {
    const float s = sigma(index);
    const auto x0 = predict_x0(model_output, x, s);
    const float from = s, to = sigma(index + 1);
    const float sigma_up = std::sqrt(to * to * (from * from - to * to) / (from * from));
    const float sigma_down = std::sqrt(to * to - sigma_up * sigma_up);
    const auto derivative = (x - x0) / s;
    const float dt = sigma_down - s;
    auto prev = x + derivative * dt;
    const auto noise = randn(model_output.sizes(), generator, model_output.options());
    return {prev + noise * sigma_up, x0};
}

}  // namespace reverie::sampling
