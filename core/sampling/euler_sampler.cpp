#include "core/sampling/euler_sampler.h"

#include "core/sampling/rng.h"
#include "core/sampling/schedule_math.h"

namespace reverie::sampling {

EulerSampler::EulerSampler(const SchedulerConfig& config, bool karras)
    : SigmaSampler(karras ? "euler_karras" : "euler", config, karras) {}

void EulerSampler::set_timesteps(int n) {
    check_steps(n);
    num_inference_steps_ = n;
    auto s = discrete_schedule(n);
    s.sigmas.push_back(0.0);
    timesteps_ = to_tensor(s.timesteps, torch::kFloat32);
    set_sigmas(to_tensor(s.sigmas, torch::kFloat32));
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
