#include "core/pipeline/request_parameters.h"

#include <cmath>
#include <sstream>

#include "core/pipeline/control_parameters.h"

namespace reverie::pipeline {

image::GenerationParameters to_generation_parameters(const GenerationRequest& r, uint64_t seed,
                                                     int width, int height,
                                                     const std::string& model_name) {
    image::GenerationParameters p;
    p.prompt = r.prompt;
    p.negative_prompt = r.negative_prompt;
    p.steps = r.steps;
    p.sampler = r.sampler;
    p.karras = r.karras;
    p.cfg_scale = r.cfg_scale;
    p.seed = seed;
    p.width = width;
    p.height = height;
    p.model = model_name;
    p.clip_skip = r.clip_skip;
    if (r.init_image) p.denoising_strength = r.strength;
    if (r.mask) {
        std::ostringstream blur;
        blur << r.mask_options.blur;
        p.extra.emplace_back("Mask blur", blur.str());
        if (r.mask_options.soft) p.extra.emplace_back("Soft inpainting enabled", "True");
        if (r.mask_options.inpaint_full_res) {
            p.extra.emplace_back("Inpaint area", "Only masked");
            p.extra.emplace_back("Masked area padding", std::to_string(r.mask_options.padding));
        }
    }
    if (!r.refiner.empty()) {
        std::ostringstream at;
        at << r.refiner_switch;
        p.extra.emplace_back("Refiner", r.refiner);
        p.extra.emplace_back("Refiner switch at", at.str());
    }
    for (size_t i = 0; i < r.control.size(); ++i)
        p.extra.emplace_back("ControlNet " + std::to_string(i), control_unit_text(r.control[i]));
    if (r.sampler == "ddim" && r.eta != 0.0) {
        std::ostringstream eta;
        eta << r.eta;
        p.extra.emplace_back("Eta DDIM", eta.str());
    }
    return p;
}

void apply_generation_parameters(const image::GenerationParameters& p, GenerationRequest& r) {
    r.prompt = p.prompt;
    r.negative_prompt = p.negative_prompt;
    r.steps = p.steps;
    r.sampler = p.sampler;
    r.karras = p.karras;
    r.cfg_scale = p.cfg_scale;
    r.seed = int64_t(p.seed);
    r.width = p.width;
    r.height = p.height;
    r.clip_skip = p.clip_skip;
    if (p.denoising_strength) r.strength = *p.denoising_strength;
    // Their settings and names; the PNG keeps neither the networks' paths nor the pictures.
    r.control = control_units_from_extra(p.extra);
}

}  // namespace reverie::pipeline
