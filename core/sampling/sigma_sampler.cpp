#include "core/sampling/sigma_sampler.h"

#include <algorithm>
#include <cmath>

#include "core/sampling/schedule_math.h"

namespace reverie::sampling {

SigmaSampler::SigmaSampler(std::string name, const SchedulerConfig& config, bool karras, int order)
    : Sampler(std::move(name), config, order), karras_(karras) {}

SigmaSampler::Schedule SigmaSampler::discrete_schedule(int n) const {
    const int n_train = config_.num_train_timesteps;
    const std::string spacing = spacing_or("linspace");
    Schedule s;
    if (spacing == "linspace") {
        s.timesteps = reversed(np_linspace(0, n_train - 1, n));
    } else if (spacing == "leading") {
        const int ratio = n_train / n;
        for (int i = n - 1; i >= 0; --i) s.timesteps.push_back(double(i * ratio));
    } else {
        s.timesteps = np_round(np_arange(n_train, 0, -double(n_train) / n));
    }
    // The spaced timesteps are float32 in diffusers, offsets included.
    for (double& t : s.timesteps) {
        float f = float(t);
        if (spacing == "leading") f += float(config_.steps_offset);
        if (spacing == "trailing") f -= 1.0f;
        t = f;
    }
    const auto train = train_sigmas(schedule_.alphas_cumprod);
    s.sigmas = np_interp_index(s.timesteps, train);
    if (karras_) {
        const auto log_sigmas = log_of(train);
        s.sigmas = karras_sigmas(s.sigmas.back(), s.sigmas.front(), n);
        for (size_t i = 0; i < s.sigmas.size(); ++i)
            s.timesteps[i] = sigma_to_t(s.sigmas[i], log_sigmas);
    }
    return s;
}

void SigmaSampler::apply_discrete_schedule(int n, torch::ScalarType timestep_dtype) {
    check_steps(n);
    num_inference_steps_ = n;
    auto s = discrete_schedule(n);
    s.sigmas.push_back(0.0);
    timesteps_ = to_tensor(s.timesteps, timestep_dtype);
    set_sigmas(to_tensor(s.sigmas, torch::kFloat32));
}

double SigmaSampler::init_noise_sigma() const {
    float max_sigma = sigmas_.max().item<float>();
    const std::string spacing = spacing_or("linspace");
    if (spacing == "linspace" || spacing == "trailing") return max_sigma;
    return std::sqrt(max_sigma * max_sigma + 1);
}

torch::Tensor SigmaSampler::scale_model_input(const torch::Tensor& x, int index) const {
    const float s = sigma(index);
    return x / std::sqrt(s * s + 1);
}

torch::Tensor SigmaSampler::predict_x0(const torch::Tensor& model_output, const torch::Tensor& x,
                                       float s) const {
    if (v_prediction()) return model_output * (-s / std::sqrt(s * s + 1)) + (x / (s * s + 1));
    return x - s * model_output;
}

torch::Tensor SigmaSampler::add_noise(const torch::Tensor& original, const torch::Tensor& noise,
                                      int step_index) const {
    const int last = int(timesteps_.size(0)) - 1;
    return original + noise * sigma(std::clamp(step_index, 0, last));
}

}  // namespace reverie::sampling
