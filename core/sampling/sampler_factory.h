#pragma once
// Builds a sampler by its user-facing name (the names and capabilities: sampler_registry.h).
#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

#include "core/sampling/sampler.h"

namespace reverie::sampling {

// The registry's names in its order: ddim, pndm, euler, euler_a, heun, lms, dpmpp_2m, ...
std::vector<std::string> sampler_names();
// Whether `name` can take Karras sigmas (diffusers' use_karras_sigmas).
bool supports_karras(const std::string& name);

// The config sampler `name` runs with on a model whose scheduler_config.json is `model_config`.
// The model's own scheduler class (its _class_name) keeps the file as it is; any other sampler
// takes the model's betas, prediction type and options but its own timestep spacing (diffusers'
// class default: linspace for the Euler family, DPM++ and UniPC, leading for DDIM and PNDM), as
// AUTOMATIC1111 and ComfyUI walk the schedule, and no x0 clipping unless the file asks for it
// (diffusers' DDIM default would clip). A file that names no class is taken as it is.
SchedulerConfig scheduler_config_for(const std::string& name, const nlohmann::json& model_config);

// `karras` asks for Karras sigmas (an Error for samplers without them); `eta` is DDIM's and is
// ignored by the others, as diffusers' pipelines do.
// An unknown name is a reverie::Error listing the valid ones.
std::unique_ptr<Sampler> make_sampler(const std::string& name, const SchedulerConfig& config,
                                      bool karras = false, double eta = 0.0);

}  // namespace reverie::sampling
