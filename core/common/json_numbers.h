#pragma once
// Config files are read with nlohmann's get<int> / get<int64_t>, which convert a floating-point
// value with a plain cast: undefined behaviour when it does not fit (found by fuzzing:
// "num_train_timesteps": 1e80). No model or scheduler config holds a number anywhere near 2^31,
// so refusing larger floats up front makes every later conversion well defined.
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace reverie {

// Throws reverie::Error naming `what` and the field when some floating-point number in `json`
// (at any depth) is not finite or is 2^31 or more in magnitude.
void check_config_numbers(const nlohmann::json& json, const std::string& what);

}  // namespace reverie
