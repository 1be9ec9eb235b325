#include "core/sampling/multistep_sampler.h"

#include <algorithm>
#include <cmath>

#include "core/sampling/schedule_math.h"

namespace reverie::sampling {

MultistepSampler::MultistepSampler(std::string name, const SchedulerConfig& config, bool karras)
    : Sampler(std::move(name), config), karras_(karras) {}

MultistepSampler::AlphaSigma MultistepSampler::alpha_sigma(float sigma) {
    const float alpha = 1 / std::sqrt(sigma * sigma + 1);
    return {alpha, sigma * alpha};
}

float MultistepSampler::sigma_min() const {
    const float a = alpha_cumprod(0);
    return std::sqrt((1 - a) / a);
}

void MultistepSampler::set_multistep_timesteps(int n, double final_sigma,
                                               bool karras_repeats_last) {
    check_steps(n);
    const int n_train = config_.num_train_timesteps;
    const std::string spacing = spacing_or("linspace");
    std::vector<double> ts;
    if (spacing == "linspace") {
        ts = reversed(np_round(np_linspace(0, n_train - 1, n + 1)));
        ts.pop_back();
    } else if (spacing == "leading") {
        const int ratio = n_train / (n + 1);
        for (int i = n; i >= 1; --i) ts.push_back(double(i * ratio + config_.steps_offset));
    } else {
        ts = np_round(np_arange(n_train, 0, -double(n_train) / n));
        for (double& t : ts) t -= 1;
    }
    const auto train = train_sigmas(schedule_.alphas_cumprod);
    std::vector<double> sig;
    if (karras_) {
        const auto log_sigmas = log_of(train);
        sig = karras_sigmas(train.front(), train.back(), n);
        ts.assign(sig.size(), 0.0);
        for (size_t i = 0; i < sig.size(); ++i)
            ts[i] = std::nearbyint(sigma_to_t(sig[i], log_sigmas));
        sig.push_back(karras_repeats_last ? sig.back() : final_sigma);
    } else {
        sig = np_interp_index(ts, train);
        sig.push_back(final_sigma);
    }
    num_inference_steps_ = int(ts.size());
    timesteps_ = to_tensor(ts, torch::kInt64);
    set_sigmas(to_tensor(sig, torch::kFloat32));
}

torch::Tensor MultistepSampler::predict_x0(const torch::Tensor& model_output,
                                           const torch::Tensor& x, int index) const {
    const auto s = at(index);
    if (v_prediction()) return s.alpha * x - s.sigma * model_output;
    return (x - s.sigma * model_output) / s.alpha;
}

torch::Tensor MultistepSampler::add_noise(const torch::Tensor& original, const torch::Tensor& noise,
                                          int step_index) const {
    const int last = int(timesteps_.size(0)) - 1;
    const auto s = at(std::clamp(step_index, 0, last));
    return s.alpha * original + s.sigma * noise;
}

}  // namespace reverie::sampling
