#include "core/sampling/euler_sampler.h"

#include "core/sampling/rng.h"

namespace reverie::sampling {

EulerSampler::EulerSampler(const SchedulerConfig& config, bool karras)
    : SigmaSampler(karras ? "euler_karras" : "euler", config, karras) {}

void EulerSampler::set_timesteps(int n) {
    apply_discrete_schedule(n, torch::kFloat32);
}

Sampler::StepOutput EulerSampler::step(const torch::Tensor& model_output, int index,
                                       const torch::Tensor& x, at::Generator* generator) {
    // diffusers draws the churn noise even when churn is off: keep the generator in step.
    randn(model_output.sizes(), generator, model_output.options());
    const float s = sigma(index);
    const auto x0 = predict_x0(model_output, x, s);
    const auto derivative = (x - x0) / s;
    const float dt = sigma(index + 1) - s;
    return {x + derivative * dt, x0};
}

}  // namespace reverie::sampling
