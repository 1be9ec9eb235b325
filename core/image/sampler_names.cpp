#include "core/image/sampler_names.h"

#include <utility>

#include "core/sampling/sampler_registry.h"

namespace reverie::image {
namespace {

// AUTOMATIC1111 samplers Reverie does not run (A1111 label without " Karras", the name a request
// gets): their PNGs still read back under a recognisable name, which the sampler factory then
// refuses by name. Reverie's own samplers' labels live in the registry (sampler_registry.h).
const std::pair<const char*, const char*> kOtherA1111Samplers[] = {
    {"DPM2", "dpm2"},
    {"DPM2 a", "dpm2_a"},
    {"DPM++ 2S a", "dpmpp_2s_a"},
    {"DPM++ SDE", "dpmpp_sde"},
    {"DPM++ 3M SDE", "dpmpp_3m_sde"},
    {"DPM fast", "dpm_fast"},
    {"DPM adaptive", "dpm_adaptive"},
    {"DDPM", "ddpm"},
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
    if (const auto* s = sampling::find_sampler_by_a1111(base))
        return SamplerChoice{std::string(s->name), karras};
    for (const auto& [a1111, reverie] : kOtherA1111Samplers)
        if (base == a1111) return SamplerChoice{reverie, karras};
    return std::nullopt;
}

std::optional<std::string> sampler_to_a1111(const SamplerChoice& choice) {
    std::string label;
    if (const auto* s = sampling::find_sampler(choice.name)) label = std::string(s->a1111_name);
    for (const auto& [a1111, reverie] : kOtherA1111Samplers)
        if (choice.name == reverie) label = a1111;
    if (label.empty()) return std::nullopt;
    return label + (choice.karras ? kKarras : "");
}

}  // namespace reverie::image
