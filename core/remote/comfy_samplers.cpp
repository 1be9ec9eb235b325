#include "core/remote/comfy_samplers.h"

#include "core/common/error.h"
#include "core/sampling/sampler_registry.h"

namespace reverie::remote {
namespace {

// KSampler's names for the registry's samplers (core/sampling/sampler_registry.h: what Reverie
// calls a sampler and whether it takes Karras sigmas lives there, not here).
struct Row {
    const char* reverie;   // the registry's name
    const char* comfy;     // KSampler sampler_name; nullptr: ComfyUI has none
    const char* schedule;  // KSampler scheduler without Karras
};

// DDIM walks A1111's uniform DDIM timesteps, LCM the SGM-uniform ones ComfyUI recommends for it;
// the rest ComfyUI's "normal" schedule (k-diffusion's default, as A1111's "Automatic").
const Row kRows[] = {
    {"ddim", "ddim", "ddim_uniform"},   {"pndm", nullptr, ""},  // PLMS: ComfyUI has none
    {"euler", "euler", "normal"},       {"euler_a", "euler_ancestral", "normal"},
    {"heun", "heun", "normal"},         {"lms", "lms", "normal"},
    {"dpmpp_2m", "dpmpp_2m", "normal"}, {"dpmpp_2m_sde", "dpmpp_2m_sde", "normal"},
    {"unipc", "uni_pc", "normal"},      {"lcm", "lcm", "sgm_uniform"},
};

const Row* row_of(const std::string& name) {
    for (const Row& r : kRows)
        if (name == r.reverie) return &r;
    return nullptr;
}

std::string known_list() {
    std::string list;
    for (const auto& s : sampling::kSamplers)
        if (const Row* r = row_of(std::string(s.name)); r && r->comfy)
            list += (list.empty() ? "" : ", ") + std::string(s.name);
    return list;
}

}  // namespace

ComfySampler comfy_sampler(const std::string& name, bool karras) {
    const sampling::SamplerInfo* info = sampling::find_sampler(name);
    const Row* row = row_of(name);
    if (!info || !row)
        throw Error("Unknown sampler \"" + name + "\". Samplers for ComfyUI: " + known_list() +
                    ".");
    if (!row->comfy)
        throw Error("ComfyUI has no " + name + " sampler; choose one of " + known_list() + ".");
    if (karras && !info->karras) throw Error("The " + name + " sampler has no Karras variant.");
    return {row->comfy, karras ? "karras" : row->schedule};
}

std::vector<std::string> comfy_sampler_names() {
    std::vector<std::string> names;
    for (const auto& s : sampling::kSamplers)
        if (const Row* r = row_of(std::string(s.name)); r && r->comfy) names.emplace_back(s.name);
    return names;
}

bool comfy_table_covers_registry() {
    for (const auto& s : sampling::kSamplers)
        if (!row_of(std::string(s.name))) return false;
    return true;
}

}  // namespace reverie::remote
