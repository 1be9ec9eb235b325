#pragma once
// Seed-exact noise: a CPU generator whose draws equal `torch.Generator("cpu").manual_seed(seed)` in
// PyTorch (including its 16-wide vectorised Box-Muller path for tensors of 16 or more elements,
// which LibTorch takes by itself). Noise is always drawn on the CPU and then moved, as diffusers'
// randn_tensor does, so a seed gives the same image on every device.
#include <torch/torch.h>

#include <cstdint>

namespace reverie::sampling {

at::Generator make_cpu_generator(uint64_t seed);

// Standard normal noise of `shape` drawn from `generator` (the global CPU generator when null) in
// `options`' dtype, then moved to `options`' device.
torch::Tensor randn(at::IntArrayRef shape, at::Generator* generator,
                    const torch::TensorOptions& options = torch::kFloat32);

// Uniform [0, 1) noise, likewise.
torch::Tensor rand(at::IntArrayRef shape, at::Generator* generator,
                   const torch::TensorOptions& options = torch::kFloat32);

}  // namespace reverie::sampling
