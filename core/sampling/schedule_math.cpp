#include "core/sampling/schedule_math.h"

#include <algorithm>
#include <cmath>

namespace reverie::sampling {

std::vector<double> np_linspace(double start, double stop, int num, bool endpoint) {
    std::vector<double> out(std::max(num, 0));
    if (num <= 0) return out;
    const int div = endpoint ? num - 1 : num;
    const double delta = stop - start;
    const double step = div > 0 ? delta / div : 0.0;
    for (int i = 0; i < num; ++i) {
        // numpy falls back to scaling by delta when the step underflows to zero.
        out[i] =
            step == 0.0 && div > 0 ? (double(i) / div) * delta + start : double(i) * step + start;
    }
    if (endpoint && num > 1) out.back() = stop;
    return out;
}

std::vector<double> np_arange(double start, double stop, double step) {
    const double count = std::ceil((stop - start) / step);
    std::vector<double> out;
    if (!(count > 0)) return out;
    out.resize(size_t(count));
    for (size_t i = 0; i < out.size(); ++i) out[i] = start + double(i) * step;
    return out;
}

std::vector<double> np_round(std::vector<double> values) {
    for (double& v : values) v = std::nearbyint(v);  // default rounding mode: half to even
    return values;
}

std::vector<double> reversed(std::vector<double> values) {
    std::reverse(values.begin(), values.end());
    return values;
}

std::vector<double> np_interp_index(const std::vector<double>& x, const std::vector<float>& fp) {
    const int64_t n = int64_t(fp.size());
    std::vector<double> out(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
        const double xv = x[i];
        if (xv <= 0.0) {
            out[i] = fp.front();
        } else if (xv >= double(n - 1)) {
            out[i] = fp.back();
        } else {
            const int64_t j = int64_t(std::floor(xv));
            if (double(j) == xv) {
                out[i] = fp[j];
            } else {
                const double slope = (double(fp[j + 1]) - double(fp[j])) / 1.0;
                out[i] = slope * (xv - double(j)) + double(fp[j]);
            }
        }
    }
    return out;
}

std::vector<float> train_sigmas(const torch::Tensor& alphas_cumprod) {
    return to_floats(((1 - alphas_cumprod) / alphas_cumprod).pow(0.5));
}

std::vector<float> log_of(const std::vector<float>& values) {
    std::vector<float> out(values.size());
    for (size_t i = 0; i < values.size(); ++i) out[i] = std::log(values[i]);
    return out;
}

std::vector<double> karras_sigmas(double sigma_min, double sigma_max, int num_steps) {
    const double rho = 7.0;
    const auto ramp = np_linspace(0, 1, num_steps);
    const double min_inv_rho = std::pow(sigma_min, 1 / rho);
    const double max_inv_rho = std::pow(sigma_max, 1 / rho);
    std::vector<double> out(ramp.size());
    for (size_t i = 0; i < ramp.size(); ++i)
        out[i] = std::pow(max_inv_rho + ramp[i] * (min_inv_rho - max_inv_rho), rho);
    return out;
}

double sigma_to_t(double sigma, const std::vector<float>& log_sigmas) {
    const double log_sigma = std::log(std::max(sigma, 1e-10));
    const int64_t n = int64_t(log_sigmas.size());
    // Index of the last log-sigma at or below log_sigma (log-sigmas rise with t), clipped so a
    // neighbour above exists.
    int64_t count = 0;
    int64_t low_idx = 0;
    int64_t best = -1;
    for (int64_t i = 0; i < n; ++i) {
        if (log_sigma - double(log_sigmas[i]) >= 0) ++count;
        if (count > best) {  // argmax of the running count picks its first maximum
            best = count;
            low_idx = i;
        }
    }
    low_idx = std::min(low_idx, n - 2);
    const int64_t high_idx = low_idx + 1;
    const float low = log_sigmas[low_idx];
    const float high = log_sigmas[high_idx];
    double w = (double(low) - log_sigma) / double(low - high);
    w = std::clamp(w, 0.0, 1.0);
    return (1 - w) * double(low_idx) + w * double(high_idx);
}

torch::Tensor to_tensor(const std::vector<double>& values, torch::ScalarType dtype) {
    return torch::tensor(values, torch::kFloat64).to(dtype);
}

std::vector<float> to_floats(const torch::Tensor& tensor) {
    auto t = tensor.to(torch::kFloat32).contiguous();
    return std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
}

}  // namespace reverie::sampling
