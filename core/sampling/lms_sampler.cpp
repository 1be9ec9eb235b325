#include "core/sampling/lms_sampler.h"

#include <algorithm>
#include <array>

namespace reverie::sampling {

LmsSampler::LmsSampler(const SchedulerConfig& config, bool karras)
    : SigmaSampler(karras ? "lms_karras" : "lms", config, karras) {}

void LmsSampler::set_timesteps(int n) {
    apply_discrete_schedule(n, karras_ ? torch::kFloat64 : torch::kFloat32);
}

// The integral over [sigma(index), sigma(index + 1)] of the Lagrange basis polynomial that is 1 at
// sigma(index - current_order) and 0 at the other `order - 1` past sigmas. The polynomial has
// degree <= 3, so 4-point Gauss-Legendre is exact (diffusers gets the same number from
// scipy.integrate.quad).
double LmsSampler::coefficient(int order, int index, int current_order) const {
    auto basis = [&](double tau) {
        double prod = 1.0;
        for (int k = 0; k < order; ++k) {
            if (k == current_order) continue;
            prod *= (tau - sigma(index - k)) /
                    (double(sigma(index - current_order)) - sigma(index - k));
        }
        return prod;
    };
    static constexpr std::array<double, 4> nodes = {-0.8611363115940526, -0.3399810435848563,
                                                    0.3399810435848563, 0.8611363115940526};
    static constexpr std::array<double, 4> weights = {0.3478548451374538, 0.6521451548625461,
                                                      0.6521451548625461, 0.3478548451374538};
    const double a = sigma(index), b = sigma(index + 1);
    const double half = (b - a) / 2, mid = (a + b) / 2;
    double sum = 0;
    for (size_t i = 0; i < nodes.size(); ++i) sum += weights[i] * basis(mid + half * nodes[i]);
    return sum * half;
}

Sampler::StepOutput LmsSampler::step(const torch::Tensor& model_output, int index,
                                     const torch::Tensor& x, at::Generator*) {
    const float s = sigma(index);
    const auto x0 = predict_x0(model_output, x, s);
    derivatives_.push_back((x - x0) / s);
    if (int(derivatives_.size()) > kOrder) derivatives_.pop_front();
    // As in diffusers the order follows the step index, not the number of stored derivatives (they
    // differ only when a run starts mid-schedule; the extra weights then go unused).
    const int order = std::min(index + 1, kOrder);
    torch::Tensor prev = x;
    torch::Tensor sum;
    const int used = std::min(order, int(derivatives_.size()));
    for (int k = 0; k < used; ++k) {
        const auto term = coefficient(order, index, k) * derivatives_[derivatives_.size() - 1 - k];
        sum = sum.defined() ? sum + term : term;
    }
    return {prev + sum, x0};
}

}  // namespace reverie::sampling
