#include "core/sampling/scheduler_config.h"

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/common/json_numbers.h"

namespace reverie::sampling {

namespace {

template <typename T>
void read(const nlohmann::json& json, const char* key, T& out) {
    auto it = json.find(key);
    if (it == json.end() || it->is_null()) return;
    try {
        out = it->get<T>();
    } catch (const nlohmann::json::exception&) {
        throw Error(std::string("Scheduler config: \"") + key + "\" has the wrong type (" +
                    it->dump() + ").");
    }
}

template <typename T>
void read(const nlohmann::json& json, const char* key, std::optional<T>& out) {
    T value{};
    auto it = json.find(key);
    if (it == json.end() || it->is_null()) return;
    read(json, key, value);
    out = value;
}

bool one_of(const std::string& value, std::initializer_list<const char*> allowed) {
    for (const char* a : allowed)
        if (value == a) return true;
    return false;
}

// Replaces the bare tokens -Infinity, Infinity and NaN (outside strings) with null.
std::string without_non_finite(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            out += c;
            if (c == '\\' && i + 1 < text.size())
                out += text[++i];
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        bool replaced = false;
        for (const char* token : {"-Infinity", "Infinity", "NaN"}) {
            const size_t n = std::char_traits<char>::length(token);
            if (text.compare(i, n, token) == 0) {
                out += "null";
                i += n - 1;
                replaced = true;
                break;
            }
        }
        if (!replaced) out += c;
    }
    return out;
}

}  // namespace

SchedulerConfig SchedulerConfig::from_json_text(const std::string& text) {
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(without_non_finite(text));
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("Scheduler config is not valid JSON: ") + e.what());
    }
    return from_json(json);
}

SchedulerConfig SchedulerConfig::sd_default() {
    return SchedulerConfig{};
}

SchedulerConfig SchedulerConfig::from_json(const nlohmann::json& json) {
    if (!json.is_object()) throw Error("Scheduler config: expected a JSON object.");
    check_config_numbers(json, "Scheduler config");
    SchedulerConfig c;
    // A file that omits the betas means the diffusers class defaults, not Stable Diffusion's.
    c.beta_start = 0.0001;
    c.beta_end = 0.02;
    c.beta_schedule = "linear";
    c.steps_offset = 0;
    read(json, "num_train_timesteps", c.num_train_timesteps);
    read(json, "beta_start", c.beta_start);
    read(json, "beta_end", c.beta_end);
    read(json, "beta_schedule", c.beta_schedule);
    read(json, "prediction_type", c.prediction_type);
    read(json, "steps_offset", c.steps_offset);
    read(json, "rescale_betas_zero_snr", c.rescale_betas_zero_snr);
    read(json, "timestep_spacing", c.timestep_spacing);
    read(json, "clip_sample", c.clip_sample);
    read(json, "clip_sample_range", c.clip_sample_range);
    read(json, "set_alpha_to_one", c.set_alpha_to_one);
    read(json, "skip_prk_steps", c.skip_prk_steps);
    read(json, "solver_order", c.solver_order);
    read(json, "lower_order_final", c.lower_order_final);
    read(json, "euler_at_final", c.euler_at_final);
    read(json, "final_sigmas_type", c.final_sigmas_type);
    read(json, "original_inference_steps", c.original_inference_steps);
    read(json, "timestep_scaling", c.timestep_scaling);
    auto trained = json.find("trained_betas");
    if (trained != json.end() && !trained->is_null())
        throw Error(
            "Scheduler config: \"trained_betas\" is not supported; use beta_start, "
            "beta_end and beta_schedule.");
    auto thresholding = json.find("thresholding");
    if (thresholding != json.end() && thresholding->is_boolean() && thresholding->get<bool>())
        throw Error(
            "Scheduler config: dynamic thresholding (\"thresholding\": true) is not "
            "supported for latent diffusion; set it to false.");
    c.validate();
    return c;
}

void SchedulerConfig::validate() const {
    if (num_train_timesteps < 2)
        throw Error("Scheduler config: num_train_timesteps must be at least 2, got " +
                    std::to_string(num_train_timesteps) + ".");
    if (!one_of(beta_schedule, {"linear", "scaled_linear", "squaredcos_cap_v2"}))
        throw Error("Scheduler config: beta_schedule \"" + beta_schedule +
                    "\" is not supported (use linear, scaled_linear or squaredcos_cap_v2).");
    if (!one_of(prediction_type, {"epsilon", "v_prediction"}))
        throw Error("Scheduler config: prediction_type \"" + prediction_type +
                    "\" is not supported (use epsilon or v_prediction).");
    if (timestep_spacing && !one_of(*timestep_spacing, {"leading", "linspace", "trailing"}))
        throw Error("Scheduler config: timestep_spacing \"" + *timestep_spacing +
                    "\" is not supported (use leading, linspace or trailing).");
    if (!one_of(final_sigmas_type, {"zero", "sigma_min"}))
        throw Error("Scheduler config: final_sigmas_type \"" + final_sigmas_type +
                    "\" is not supported (use zero or sigma_min).");
    if (solver_order < 1 || solver_order > 3)
        throw Error("Scheduler config: solver_order must be 1, 2 or 3, got " +
                    std::to_string(solver_order) + ".");
    if (original_inference_steps < 1 || original_inference_steps > num_train_timesteps)
        throw Error(
            "Scheduler config: original_inference_steps must be between 1 and "
            "num_train_timesteps.");
}

}  // namespace reverie::sampling
