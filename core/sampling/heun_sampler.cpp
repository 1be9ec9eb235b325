#include "core/sampling/heun_sampler.h"

#include "core/sampling/schedule_math.h"

namespace reverie::sampling {

HeunSampler::HeunSampler(const SchedulerConfig& config, bool karras)
    : SigmaSampler(karras ? "heun_karras" : "heun", config, karras, 2) {}

void HeunSampler::set_timesteps(int n) {
    check_steps(n);
    num_inference_steps_ = n;
    const auto s = discrete_schedule(n);
    std::vector<double> ts{s.timesteps.front()}, sig{s.sigmas.front()};
    for (size_t i = 1; i < s.timesteps.size(); ++i) {
        ts.insert(ts.end(), 2, s.timesteps[i]);
        sig.insert(sig.end(), 2, double(float(s.sigmas[i])));
    }
    sig.push_back(0.0);
    // Karras timesteps stay float64 in diffusers' Heun; the spaced ones are float32.
    timesteps_ = to_tensor(ts, karras_ ? torch::kFloat64 : torch::kFloat32);
    set_sigmas(to_tensor(sig, torch::kFloat32));
}

void HeunSampler::begin(int) {
    prev_derivative_ = torch::Tensor();
    first_order_sample_ = torch::Tensor();
    dt_ = 0;
    in_first_order_ = true;
}

Sampler::StepOutput HeunSampler::step(const torch::Tensor& model_output, int index,
                                      const torch::Tensor& x, at::Generator*) {
    if (in_first_order_) {
        const float s = sigma(index), s_next = sigma(index + 1);
        auto x0 = predict_x0(model_output, x, s);
        if (config_.clip_sample.value_or(false))
            x0 = x0.clamp(-config_.clip_sample_range, config_.clip_sample_range);
        const auto derivative = (x - x0) / s;
        dt_ = s_next - s;
        prev_derivative_ = derivative;
        first_order_sample_ = x;
        in_first_order_ = false;
        return {x + derivative * dt_, x0};
    }
    // Corrector: the model was evaluated at the predicted point, at noise level sigma(index).
    const float s_next = sigma(index);
    auto x0 = predict_x0(model_output, x, s_next);
    if (config_.clip_sample.value_or(false))
        x0 = x0.clamp(-config_.clip_sample_range, config_.clip_sample_range);
    const auto derivative = ((x - x0) / s_next + prev_derivative_) / 2;
    auto prev = first_order_sample_ + derivative * dt_;
    prev_derivative_ = torch::Tensor();
    first_order_sample_ = torch::Tensor();
    in_first_order_ = true;
    return {prev, x0};
}

}  // namespace reverie::sampling
