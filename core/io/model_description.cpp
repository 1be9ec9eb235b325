#include "core/io/model_description.h"

namespace reverie::io {

std::string to_string(ModelFamily f) {
    switch (f) {
        case ModelFamily::SD1:
            return "SD 1.x";
        case ModelFamily::SD2:
            return "SD 2.x";
        case ModelFamily::SDXL:
            return "SDXL";
        case ModelFamily::SDXLRefiner:
            return "SDXL refiner";
    }
    return "?";
}
bool is_sdxl(ModelFamily f) {
    return f == ModelFamily::SDXL || f == ModelFamily::SDXLRefiner;
}
std::string to_string(CheckpointLayout l) {
    return l == CheckpointLayout::Diffusers ? "diffusers folder" : "single file (CompVis/LDM)";
}
std::string to_string(Prediction p) {
    return p == Prediction::Epsilon ? "epsilon" : "v_prediction";
}
std::string to_string(Component c) {
    switch (c) {
        case Component::TextEncoder:
            return "text encoder";
        case Component::TextEncoder2:
            return "text encoder 2";
        case Component::UNet:
            return "UNet";
        case Component::Vae:
            return "VAE";
    }
    return "?";
}

std::string component_key(Component c) {
    switch (c) {
        case Component::TextEncoder:
            return "text_encoder";
        case Component::TextEncoder2:
            return "text_encoder_2";
        case Component::UNet:
            return "unet";
        case Component::Vae:
            return "vae";
    }
    return "?";
}

bool ModelDescription::has(Component c) const {
    for (auto x : components)
        if (x == c) return true;
    return false;
}

// SD's training schedule as diffusers writes it for SD 1.x/2.x models.
nlohmann::json default_scheduler_config(Prediction prediction) {
    return {{"_class_name", "PNDMScheduler"},
            {"num_train_timesteps", 1000},
            {"beta_start", 0.00085},
            {"beta_end", 0.012},
            {"beta_schedule", "scaled_linear"},
            {"prediction_type", to_string(prediction)},
            {"steps_offset", 1},
            {"set_alpha_to_one", false},
            {"skip_prk_steps", true},
            {"clip_sample", false},
            {"timestep_spacing", "leading"}};
}

int training_size(const ModelDescription& d) {
    using Kind = ConfigSource::Kind;
    int latent = 64;
    if (d.unet_config.kind == Kind::DiffusersJson && d.unet_config.json.contains("sample_size") &&
        d.unet_config.json["sample_size"].is_number_integer())
        latent = d.unet_config.json["sample_size"].get<int>();
    else if (d.unet_config.kind == Kind::LdmYaml && d.unet_config.yaml["image_size"])
        latent = d.unet_config.yaml["image_size"].as<int>();
    else if (is_sdxl(d.family))
        latent = 128;  // SGM configs do not record it: SDXL and its refiner train at 1024²
    else if (d.unet_config.kind == Kind::Preset && d.family == ModelFamily::SD2 &&
             d.prediction == Prediction::VPrediction)
        latent = 96;
    return latent * 8;
}

nlohmann::json sdxl_scheduler_config(Prediction prediction, bool zero_terminal_snr) {
    auto j = default_scheduler_config(prediction);
    j["_class_name"] = "EulerDiscreteScheduler";
    j["interpolation_type"] = "linear";
    j["use_karras_sigmas"] = false;
    if (zero_terminal_snr) {
        j["rescale_betas_zero_snr"] = true;
        // diffusers' Euler with a zero terminal SNR needs the last timestep (999) in the walk.
        j["timestep_spacing"] = "trailing";
    }
    return j;
}

}  // namespace reverie::io
