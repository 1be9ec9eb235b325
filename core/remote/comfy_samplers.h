#pragma once
// Reverie's sampler names (and the Karras option) as ComfyUI's KSampler spells them: one table.
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

// Throws reverie::Error for a sampler ComfyUI has no counterpart of (PNDM/PLMS), or a Karras
// request for a sampler whose schedule is fixed (DDIM, LCM); the message names the choices.
ComfySampler comfy_sampler(const std::string& reverie_name, bool karras);

// The Reverie names the table knows, in its order.
std::vector<std::string> comfy_sampler_names();

}  // namespace reverie::remote
