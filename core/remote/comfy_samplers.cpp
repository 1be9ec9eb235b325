#include "core/remote/comfy_samplers.h"

#include "core/common/error.h"

namespace reverie::remote {
namespace {

struct Row {
    const char* reverie;   // Reverie's name (core/image/sampler_names.cpp)
    const char* comfy;     // KSampler sampler_name; nullptr: ComfyUI has none
    const char* schedule;  // scheduler without Karras
    bool karras;           // whether "karras" may replace it
};

// DDIM walks A1111's uniform DDIM timesteps, LCM the SGM-uniform ones ComfyUI recommends for it;
// the rest ComfyUI's "normal" schedule (k-diffusion's default, as A1111's "Automatic").
const Row kRows[] = {
    {"euler", "euler", "normal", true},
    {"euler_a", "euler_ancestral", "normal", true},
    {"heun", "heun", "normal", true},
    {"lms", "lms", "normal", true},
    {"dpm2", "dpm_2", "normal", true},
    {"dpm2_a", "dpm_2_ancestral", "normal", true},
    {"dpmpp_2s_a", "dpmpp_2s_ancestral", "normal", true},
    {"dpmpp_2m", "dpmpp_2m", "normal", true},
    {"dpmpp_sde", "dpmpp_sde", "normal", true},
    {"dpmpp_2m_sde", "dpmpp_2m_sde", "normal", true},
    {"dpmpp_3m_sde", "dpmpp_3m_sde", "normal", true},
    {"dpm_fast", "dpm_fast", "normal", false},
    {"dpm_adaptive", "dpm_adaptive", "normal", false},
    {"unipc", "uni_pc", "normal", true},
    {"ddim", "ddim", "ddim_uniform", false},
    {"ddpm", "ddpm", "normal", true},
    {"lcm", "lcm", "sgm_uniform", false},
    {"pndm", nullptr, "", false},
};

std::string known_list() {
    std::string list;
    for (const Row& r : kRows)
        if (r.comfy) list += (list.empty() ? "" : ", ") + std::string(r.reverie);
    return list;
}

}  // namespace

ComfySampler comfy_sampler(const std::string& name, bool karras) {
    for (const Row& r : kRows) {
        if (name != r.reverie) continue;
        if (!r.comfy)
            throw Error("ComfyUI has no " + name + " sampler; choose one of " + known_list() + ".");
        if (karras && !r.karras)
            throw Error("The " + name + " sampler has no Karras variant on ComfyUI.");
        return {r.comfy, karras ? "karras" : r.schedule};
    }
    throw Error("Unknown sampler \"" + name + "\". Samplers for ComfyUI: " + known_list() + ".");
}

std::vector<std::string> comfy_sampler_names() {
    std::vector<std::string> names;
    for (const Row& r : kRows)
        if (r.comfy) names.push_back(r.reverie);
    return names;
}

}  // namespace reverie::remote
