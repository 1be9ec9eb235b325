#pragma once
// Every sampler Reverie runs, in one table: the sampler factory, the CLI, the prompt panel, the PNG
// parameters (AUTOMATIC1111 infotext) and remote backends all read it, so a name, a label or a
// capability is written once. Plain constexpr data with no engine types, so the widgets (which
// never see torch) read the same table as the engine.
#include <string_view>

namespace reverie::sampling {

struct SamplerInfo {
    std::string_view name;             // Reverie's id: --sampler, requests, settings, presets
    std::string_view display_name;     // the prompt panel's label
    std::string_view a1111_name;       // AUTOMATIC1111's infotext label (" Karras" appended)
    std::string_view diffusers_class;  // the diffusers scheduler whose arithmetic it reproduces
    // Its own timestep spacing when it is not the model's scheduler class (diffusers' class
    // default): see sampling::sampler_scheduler_config.
    std::string_view default_spacing;
    bool karras;        // can take Karras sigmas (diffusers use_karras_sigmas)
    bool ancestral;     // draws fresh noise at every step (the path depends on the noise generator)
    bool epsilon;       // supports epsilon-prediction models
    bool v_prediction;  // supports v-prediction models
};

// In the order the prompt panel lists them.
inline constexpr SamplerInfo kSamplers[] = {
    // name, display, A1111, diffusers class, spacing, karras, ancestral, epsilon, v
    {"ddim", "DDIM", "DDIM", "DDIMScheduler", "leading", false, false, true, true},
    {"pndm", "PNDM", "PLMS", "PNDMScheduler", "leading", false, false, true, true},
    {"euler", "Euler", "Euler", "EulerDiscreteScheduler", "linspace", true, false, true, true},
    {"euler_a", "Euler a", "Euler a", "EulerAncestralDiscreteScheduler", "linspace", false, true,
     true, true},
    {"heun", "Heun", "Heun", "HeunDiscreteScheduler", "linspace", true, false, true, true},
    {"lms", "LMS", "LMS", "LMSDiscreteScheduler", "linspace", true, false, true, true},
    {"dpmpp_2m", "DPM++ 2M", "DPM++ 2M", "DPMSolverMultistepScheduler", "linspace", true, false,
     true, true},
    {"dpmpp_2m_sde", "DPM++ 2M SDE", "DPM++ 2M SDE", "DPMSolverMultistepScheduler", "linspace",
     true, true, true, true},
    {"unipc", "UniPC", "UniPC", "UniPCMultistepScheduler", "linspace", true, false, true, true},
    {"lcm", "LCM", "LCM", "LCMScheduler", "leading", false, true, true, true},
};

// The entry named `name`, or nullptr.
constexpr const SamplerInfo* find_sampler(std::string_view name) {
    for (const auto& s : kSamplers)
        if (s.name == name) return &s;
    return nullptr;
}

// The entry whose AUTOMATIC1111 label (without " Karras") is `label`, or nullptr.
constexpr const SamplerInfo* find_sampler_by_a1111(std::string_view label) {
    for (const auto& s : kSamplers)
        if (s.a1111_name == label) return &s;
    return nullptr;
}

}  // namespace reverie::sampling
