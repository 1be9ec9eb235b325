#pragma once
// The numpy arithmetic diffusers uses to place timesteps and sigmas, reproduced operation for
// operation (float64 where numpy works in float64, float32 where the values come from float32
// tensors) so the schedules match to the last bit.
#include <torch/torch.h>

#include <vector>

namespace reverie::sampling {

// np.linspace(start, stop, num) in float64 (endpoint included).
std::vector<double> np_linspace(double start, double stop, int num, bool endpoint = true);
// np.arange(start, stop, step) for a float step (its length is ceil((stop - start) / step)).
std::vector<double> np_arange(double start, double stop, double step);
// np.round (half to even), element-wise.
std::vector<double> np_round(std::vector<double> values);
std::vector<double> reversed(std::vector<double> values);
// np.interp(x, arange(len(fp)), fp) with fp given in float32 and computed in float64.
std::vector<double> np_interp_index(const std::vector<double>& x, const std::vector<float>& fp);

// sqrt((1 - alphas_cumprod) / alphas_cumprod), computed in float32 like diffusers' tensors.
std::vector<float> train_sigmas(const torch::Tensor& alphas_cumprod);
// np.log of a float32 array.
std::vector<float> log_of(const std::vector<float>& values);

// Karras et al. (2022) noise levels between sigma_max = in_sigmas.front() and sigma_min =
// in_sigmas.back(), rho = 7.
std::vector<double> karras_sigmas(double sigma_min, double sigma_max, int num_steps);
// The fractional training timestep of `sigma` by interpolating in log-sigma (diffusers'
// `_sigma_to_t`, whose denominator is float32 because `log_sigmas` is).
double sigma_to_t(double sigma, const std::vector<float>& log_sigmas);

torch::Tensor to_tensor(const std::vector<double>& values, torch::ScalarType dtype);
std::vector<float> to_floats(const torch::Tensor& tensor);

}  // namespace reverie::sampling
