#pragma once
// The training schedule and sampler options of a diffusers `scheduler_config.json`. Options whose
// diffusers default differs from one scheduler class to the next (timestep spacing, clipping,
// the final alpha) are optional: left unset, each sampler applies its own class default, exactly as
// `SomeScheduler.from_config(...)` does for a key the file does not have.
#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>

namespace reverie::sampling {

struct SchedulerConfig {
    int num_train_timesteps = 1000;
    double beta_start = 0.00085;
    double beta_end = 0.012;
    std::string beta_schedule = "scaled_linear";  // linear | scaled_linear | squaredcos_cap_v2
    std::string prediction_type = "epsilon";      // epsilon | v_prediction
    int steps_offset = 1;
    bool rescale_betas_zero_snr = false;

    std::optional<std::string> timestep_spacing;  // leading | linspace | trailing
    std::optional<bool> clip_sample;
    double clip_sample_range = 1.0;
    std::optional<bool> set_alpha_to_one;
    bool skip_prk_steps = true;  // PNDM: the PLMS-only variant Stable Diffusion uses

    // Multistep solvers (DPM-Solver++, UniPC).
    int solver_order = 2;
    bool lower_order_final = true;
    bool euler_at_final = false;
    std::string final_sigmas_type = "zero";  // DPM-Solver++: zero | sigma_min

    // LCM.
    int original_inference_steps = 50;
    double timestep_scaling = 10.0;

    // Stable Diffusion's schedule: 1000 steps, scaled_linear 0.00085..0.012, steps_offset 1.
    static SchedulerConfig sd_default();
    // Reads the keys it knows from a diffusers scheduler config; missing keys keep the defaults
    // above (optional ones stay unset). Throws reverie::Error for values no sampler supports.
    static SchedulerConfig from_json(const nlohmann::json& json);
    // The text of a scheduler_config.json. Python's json writes non-standard -Infinity / Infinity /
    // NaN (e.g. DPM-Solver's lambda_min_clipped); those values are read as absent.
    static SchedulerConfig from_json_text(const std::string& text);
    // Throws reverie::Error naming the first unsupported value.
    void validate() const;
};

}  // namespace reverie::sampling
