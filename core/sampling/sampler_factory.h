#pragma once
// Builds a sampler by its user-facing name.
#include <memory>
#include <string>
#include <vector>

#include "core/sampling/sampler.h"

namespace reverie::sampling {

// ddim, pndm, euler, euler_a, heun, lms, dpmpp_2m, dpmpp_2m_sde, unipc, lcm.
std::vector<std::string> sampler_names();
// Whether `name` can take Karras sigmas (diffusers' use_karras_sigmas).
bool supports_karras(const std::string& name);

// `karras` asks for Karras sigmas (an Error for samplers without them); `eta` is DDIM's and is
// ignored by the others, as diffusers' pipelines do.
// An unknown name is a reverie::Error listing the valid ones.
std::unique_ptr<Sampler> make_sampler(const std::string& name, const SchedulerConfig& config,
                                      bool karras = false, double eta = 0.0);

}  // namespace reverie::sampling
