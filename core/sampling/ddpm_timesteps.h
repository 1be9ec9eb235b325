#pragma once
// Integer timestep placements shared by the DDPM-family samplers (DDIM, PNDM), in diffusers' order
// (descending) and arithmetic.
#include <cstdint>
#include <string>
#include <vector>

namespace reverie::sampling {

// `spacing` is leading | linspace | trailing; ascending, before any reversal.
std::vector<int64_t> ddpm_timesteps_ascending(const std::string& spacing, int num_train_timesteps,
                                              int num_inference_steps, int steps_offset);

}  // namespace reverie::sampling
