#pragma once
// Reading whole model files in tests: a safetensors file as a StateDict, a json config.
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/io/safetensors.h"
#include "core/models/state_dict.h"

namespace reverie::test {

inline StateDict read_state_dict(const std::string& path) {
    auto file = io::SafetensorsFile::open(path);
    StateDict out;
    for (const auto& key : file->keys()) out[key] = file->tensor(key);
    return out;
}

inline nlohmann::json read_json(const std::string& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

}  // namespace reverie::test
