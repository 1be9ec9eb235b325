#include "core/sampling/sampler.h"

#include <algorithm>
#include <cmath>

#include "core/common/cancelled.h"
#include "core/common/error.h"
#include "core/sampling/schedule_math.h"

namespace reverie::sampling {

Sampler::Sampler(std::string name, const SchedulerConfig& config, int order)
    : name_(std::move(name)),
      config_(config),
      schedule_(TrainSchedule::from_config(config)),
      alphas_cumprod_(to_floats(schedule_.alphas_cumprod)),
      order_(order) {}

Sampler::~Sampler() = default;

void Sampler::check_steps(int num_inference_steps) const {
    if (num_inference_steps < 1 || num_inference_steps > config_.num_train_timesteps)
        throw Error("The number of steps must be between 1 and " +
                    std::to_string(config_.num_train_timesteps) + " for the " + name_ +
                    " sampler, got " + std::to_string(num_inference_steps) + ".");
}

std::string Sampler::spacing_or(const char* class_default) const {
    return config_.timestep_spacing.value_or(class_default);
}

int64_t Sampler::timestep_int(int index) const {
    return timesteps_[index].item<int64_t>();
}

void Sampler::set_sigmas(torch::Tensor sigmas) {
    sigmas_ = sigmas.to(torch::kFloat32).contiguous();
    sigma_values_ = to_floats(sigmas_);
}

torch::Tensor Sampler::ddpm_x0(const torch::Tensor& model_output, int64_t t,
                               const torch::Tensor& x) const {
    const float a = t >= 0 ? alpha_cumprod(t) : alphas_cumprod_.front();
    const float b = 1 - a;
    if (v_prediction()) return std::sqrt(a) * x - std::sqrt(b) * model_output;
    return (x - std::sqrt(b) * model_output) / std::sqrt(a);
}

StrengthStart Sampler::start_for_strength(double strength) const {
    if (!timesteps_.defined()) throw Error("Set the number of steps before asking for a strength.");
    if (!(strength >= 0.0 && strength <= 1.0))
        throw Error("Strength must be between 0 and 1, got " + std::to_string(strength) + ".");
    const int n = num_inference_steps_;
    const int init_timestep = std::min(int(n * strength), n);
    const int t_start = std::max(n - init_timestep, 0);
    StrengthStart s;
    s.start_index = std::min(t_start * order_, int(timesteps_.size(0)));
    s.num_steps = n - t_start;
    if (s.start_index < timesteps_.size(0)) s.timestep = timesteps_[s.start_index];
    return s;
}

torch::Tensor Sampler::add_noise(const torch::Tensor& original, const torch::Tensor& noise,
                                 int step_index) const {
    const int last = int(timesteps_.size(0)) - 1;
    const int64_t t = timestep_int(std::clamp(step_index, 0, last));
    const float a = alpha_cumprod(t);
    return std::sqrt(a) * original + std::sqrt(1 - a) * noise;
}

torch::Tensor Sampler::sample(const Denoiser& denoiser, torch::Tensor x,
                              at::Generator* noise_generator, const SamplerCallbacks& callbacks,
                              int start_index) {
    if (!timesteps_.defined())
        throw Error("The " + name_ + " sampler has no steps: call set_timesteps() first.");
    const int total = int(timesteps_.size(0));
    if (start_index < 0 || start_index > total)
        throw Error("Start step " + std::to_string(start_index) + " is outside the " +
                    std::to_string(total) + " steps of the " + name_ + " sampler.");
    begin(start_index);
    for (int i = start_index; i < total; ++i) {
        if (callbacks.cancel && callbacks.cancel->load()) throw Cancelled();
        const torch::Tensor t = timesteps_[i];
        const auto model_output = denoiser(scale_model_input(x, i), t);
        auto out = step(model_output, i, x, noise_generator);
        x = out.prev_sample;
        if (callbacks.after_step) x = callbacks.after_step(i, x);
        if (callbacks.on_step) callbacks.on_step(StepInfo{i, total, t, x, out.denoised});
    }
    return x;
}

}  // namespace reverie::sampling
