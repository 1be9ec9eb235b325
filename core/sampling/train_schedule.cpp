#include "core/sampling/train_schedule.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace reverie::sampling {

namespace {

// Improved DDPM's cosine schedule, discretised as diffusers' betas_for_alpha_bar does.
torch::Tensor cosine_betas(int n) {
    auto alpha_bar = [](double t) {
        double c = std::cos((t + 0.008) / 1.008 * M_PI / 2);
        return c * c;
    };
    std::vector<float> betas(n);
    for (int i = 0; i < n; ++i) {
        double t1 = double(i) / n, t2 = double(i + 1) / n;
        betas[i] = float(std::min(1 - alpha_bar(t2) / alpha_bar(t1), 0.999));
    }
    return torch::tensor(betas, torch::kFloat32);
}

// Lin et al. 2023: shift the schedule so the last step carries zero signal (SNR 0).
torch::Tensor rescale_zero_terminal_snr(const torch::Tensor& betas) {
    auto alphas_bar_sqrt = torch::cumprod(1.0 - betas, 0).sqrt();
    auto first = alphas_bar_sqrt[0].clone();
    auto last = alphas_bar_sqrt[-1].clone();
    alphas_bar_sqrt = (alphas_bar_sqrt - last) * (first / (first - last));
    auto alphas_bar = alphas_bar_sqrt * alphas_bar_sqrt;
    auto alphas = torch::cat(
        {alphas_bar.slice(0, 0, 1), alphas_bar.slice(0, 1) / alphas_bar.slice(0, 0, -1)});
    return 1 - alphas;
}

}  // namespace

TrainSchedule TrainSchedule::from_config(const SchedulerConfig& config) {
    config.validate();
    const int n = config.num_train_timesteps;
    torch::Tensor betas;
    if (config.beta_schedule == "linear") {
        betas = torch::linspace(config.beta_start, config.beta_end, n, torch::kFloat32);
    } else if (config.beta_schedule == "scaled_linear") {
        // Latent diffusion's schedule: linear in sqrt(beta).
        betas = torch::linspace(std::sqrt(config.beta_start), std::sqrt(config.beta_end), n,
                                torch::kFloat32)
                    .pow(2);
    } else {
        betas = cosine_betas(n);
    }
    if (config.rescale_betas_zero_snr) betas = rescale_zero_terminal_snr(betas);
    TrainSchedule s;
    s.betas = betas;
    s.alphas_cumprod = torch::cumprod(1.0 - betas, 0);
    // A zero terminal alpha would make sigma infinite; diffusers nudges it to the float32 epsilon.
    if (config.rescale_betas_zero_snr) s.alphas_cumprod[-1] = std::pow(2.0, -24);
    return s;
}

}  // namespace reverie::sampling
