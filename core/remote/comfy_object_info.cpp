#include "core/remote/comfy_object_info.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/common/error.h"

namespace reverie::remote {

namespace {

using json = nlohmann::json;

// The choices of one input's spec, or nothing when it is not a list input.
std::vector<std::string> combo_choices(const json& spec) {
    std::vector<std::string> out;
    if (!spec.is_array() || spec.empty()) return out;
    const json* list = nullptr;
    if (spec[0].is_array()) {
        list = &spec[0];
    } else if (spec[0].is_string() && spec[0].get<std::string>() == "COMBO" && spec.size() > 1 &&
               spec[1].is_object()) {
        auto it = spec[1].find("options");
        if (it != spec[1].end() && it->is_array()) list = &*it;
    }
    if (!list) return out;
    for (const json& v : *list)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

}  // namespace

void ComfyObjectInfo::add(const std::string& text) {
    const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object())
        throw Error("The ComfyUI server's node list (/object_info) is not a JSON object.");
    for (const auto& [class_type, schema] : doc.items()) {
        Node node;
        if (schema.is_object()) {
            auto input = schema.find("input");
            if (input != schema.end() && input->is_object())
                for (const char* group : {"required", "optional"}) {
                    auto g = input->find(group);
                    if (g == input->end() || !g->is_object()) continue;
                    for (const auto& [name, spec] : g->items()) {
                        node.inputs.insert(name);
                        auto options = combo_choices(spec);
                        if (!options.empty()) node.combos.emplace_back(name, std::move(options));
                    }
                }
        }
        auto same = [&](const auto& n) { return n.first == class_type; };
        auto it = std::find_if(nodes_.begin(), nodes_.end(), same);
        if (it != nodes_.end())
            it->second = std::move(node);
        else
            nodes_.emplace_back(class_type, std::move(node));
    }
}

bool ComfyObjectInfo::has_node(const std::string& class_type) const {
    return std::any_of(nodes_.begin(), nodes_.end(),
                       [&](const auto& n) { return n.first == class_type; });
}

bool ComfyObjectInfo::has_input(const std::string& class_type, const std::string& input) const {
    for (const auto& [name, node] : nodes_)
        if (name == class_type) return node.inputs.count(input) != 0;
    return false;
}

std::vector<std::string> ComfyObjectInfo::choices(const std::string& class_type,
                                                  const std::string& input) const {
    for (const auto& [name, node] : nodes_)
        if (name == class_type)
            for (const auto& [in, options] : node.combos)
                if (in == input) return options;
    return {};
}

std::string config_name_for(const std::string& checkpoint) {
    const auto dot = checkpoint.rfind('.');
    const auto slash = checkpoint.find_last_of("/\\");
    const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
    return (has_ext ? checkpoint.substr(0, dot) : checkpoint) + ".yaml";
}

}  // namespace reverie::remote
