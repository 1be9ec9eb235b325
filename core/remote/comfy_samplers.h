#pragma once
// Reverie's samplers (core/sampling/sampler_registry.h) and the Karras option as ComfyUI's KSampler
// spells them: one table, keyed by the registry's names.
// ComfyUI's samplers are k-diffusion's, so the same seed gives a close picture, not diffusers'.
#include <string>
#include <vector>

namespace reverie::remote {

struct ComfySampler {
    std::string sampler_name;  // KSampler's sampler_name
    std::string scheduler;     // KSampler's scheduler
    bool operator==(const ComfySampler& o) const {
        return sampler_name == o.sampler_name && scheduler == o.scheduler;
    }
};

// Throws reverie::Error for a sampler ComfyUI has no counterpart of (PNDM/PLMS), an unknown name,
// or a Karras request for a sampler the registry gives none; the message names the choices.
ComfySampler comfy_sampler(const std::string& reverie_name, bool karras);

// The registry's samplers ComfyUI has, in the registry's order.
std::vector<std::string> comfy_sampler_names();

// Whether every sampler of the registry has a row (a name or an explicit "none"): a sampler added
// there must be mapped here too (tst_comfy_graph checks it).
bool comfy_table_covers_registry();

}  // namespace reverie::remote
