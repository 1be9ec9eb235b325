#include "core/adapters/target_names.h"

#include <algorithm>
#include <cstring>

namespace reverie::adapters {

namespace {

// The one table of naming schemes: prefix, component, whether the path's dots become '_'.
struct Scheme {
    const char* prefix;
    const char* component;
    bool underscores;
};
const Scheme kSchemes[] = {
    {"lora_unet_", kUNet, true},
    {"lycoris_", kUNet, true},
    {"lora_te_", kTextEncoder, true},
    {"lora_te1_", kTextEncoder, true},
    {"lora_te2_", kTextEncoder2, true},
    {"unet.", kUNet, false},
    {"text_encoder.", kTextEncoder, false},
    {"text_encoder_2.", kTextEncoder2, false},
};

constexpr const char* kWeightSuffix = ".weight";

std::string underscored(std::string s) {
    std::replace(s.begin(), s.end(), '.', '_');
    return s;
}

}  // namespace

void TargetIndex::insert(const std::string& component, const std::string& path,
                         const std::string& weight, bool underscore_schemes_only) {
    for (const auto& s : kSchemes) {
        if (component != s.component || (underscore_schemes_only && !s.underscores)) continue;
        by_name_.emplace(s.prefix + (s.underscores ? underscored(path) : path),
                         Target{component, weight});
    }
}

void TargetIndex::add_component(const std::string& component,
                                const std::vector<std::string>& parameter_names) {
    components_.push_back(component);
    const size_t n = std::strlen(kWeightSuffix);
    for (const auto& name : parameter_names) {
        if (name.size() <= n || name.compare(name.size() - n, n, kWeightSuffix) != 0) continue;
        insert(component, name.substr(0, name.size() - n), name, false);
    }
}

void TargetIndex::add_alias(const std::string& component, const std::string& alias_path,
                            const std::string& weight) {
    insert(component, alias_path, weight, true);
}

std::optional<Target> TargetIndex::find(const std::string& adapter_module) const {
    auto it = by_name_.find(adapter_module);
    if (it == by_name_.end()) return std::nullopt;
    return it->second;
}

bool TargetIndex::has_component(const std::string& component) const {
    return std::find(components_.begin(), components_.end(), component) != components_.end();
}

std::string component_of(const std::string& adapter_module) {
    // Longest prefix first ("text_encoder_2." before "text_encoder.").
    const Scheme* best = nullptr;
    for (const auto& s : kSchemes)
        if (adapter_module.compare(0, std::strlen(s.prefix), s.prefix) == 0 &&
            (!best || std::strlen(s.prefix) > std::strlen(best->prefix)))
            best = &s;
    return best ? best->component : "";
}

}  // namespace reverie::adapters
