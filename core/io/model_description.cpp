#include "core/io/model_description.h"

namespace reverie::io {

std::string to_string(ModelFamily f) {
    return f == ModelFamily::SD1 ? "SD 1.x" : "SD 2.x";
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
        case Component::UNet:
            return "UNet";
        case Component::Vae:
            return "VAE";
    }
    return "?";
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

}  // namespace reverie::io
