#include "core/image/sampler_names.h"

#include <utility>

namespace reverie::image {
namespace {

// A1111 base label (without " Karras") and the Reverie name.
const std::pair<const char*, const char*> kSamplers[] = {
    {"Euler a", "euler_a"},
    {"Euler", "euler"},
    {"LMS", "lms"},
    {"Heun", "heun"},
    {"DPM2", "dpm2"},
    {"DPM2 a", "dpm2_a"},
    {"DPM++ 2S a", "dpmpp_2s_a"},
    {"DPM++ 2M", "dpmpp_2m"},
    {"DPM++ SDE", "dpmpp_sde"},
    {"DPM++ 2M SDE", "dpmpp_2m_sde"},
    {"DPM++ 3M SDE", "dpmpp_3m_sde"},
    {"DPM fast", "dpm_fast"},
    {"DPM adaptive", "dpm_adaptive"},
    {"DDIM", "ddim"},
    {"DDPM", "ddpm"},
    {"PLMS", "pndm"},
    {"UniPC", "unipc"},
    {"LCM", "lcm"},
};

constexpr const char kKarras[] = " Karras";

}  // namespace

std::optional<SamplerChoice> sampler_from_a1111(const std::string& label) {
    std::string base = label;
    bool karras = false;
    const size_t n = sizeof(kKarras) - 1;
    if (base.size() > n && base.compare(base.size() - n, n, kKarras) == 0) {
        base.resize(base.size() - n);
        karras = true;
    }
    for (const auto& [a1111, reverie] : kSamplers)
        if (base == a1111) return SamplerChoice{reverie, karras};
    return std::nullopt;
}

std::optional<std::string> sampler_to_a1111(const SamplerChoice& choice) {
    for (const auto& [a1111, reverie] : kSamplers)
        if (choice.name == reverie) return std::string(a1111) + (choice.karras ? kKarras : "");
    return std::nullopt;
}

}  // namespace reverie::image
