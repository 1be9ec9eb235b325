#pragma once
// AUTOMATIC1111's sampler labels ("DPM++ 2M Karras") <-> Reverie's names (dpmpp_2m + karras).
#include <optional>
#include <string>

namespace reverie::image {

struct SamplerChoice {
    std::string name;  // Reverie name: euler_a, euler, dpmpp_2m, ddim, pndm, ...
    bool karras = false;
    bool operator==(const SamplerChoice& o) const { return name == o.name && karras == o.karras; }
};

// nullopt for a label Reverie does not know; a trailing " Karras" sets the flag.
std::optional<SamplerChoice> sampler_from_a1111(const std::string& label);
// nullopt for a Reverie name A1111 has no label for.
std::optional<std::string> sampler_to_a1111(const SamplerChoice& choice);

}  // namespace reverie::image
