#include "core/io/keymap/prefix_table.h"

#include <map>

#include "core/common/error.h"

namespace reverie::io {

StateDict apply_prefix_rules(const StateDict& source, const std::vector<PrefixRule>& rules,
                             const std::string& component) {
    std::map<std::string, size_t> by_prefix;
    for (size_t i = 0; i < rules.size(); ++i) by_prefix[rules[i].from] = i;
    std::vector<bool> used(rules.size(), false);

    StateDict out;
    for (const auto& [key, tensor] : source) {
        // Longest rule prefix first: try every dot boundary from the right.
        const PrefixRule* rule = nullptr;
        for (size_t dot = key.rfind('.'); dot != std::string::npos && !rule;
             dot = dot == 0 ? std::string::npos : key.rfind('.', dot - 1)) {
            auto it = by_prefix.find(key.substr(0, dot + 1));
            if (it != by_prefix.end()) {
                rule = &rules[it->second];
                used[it->second] = true;
            }
        }
        if (!rule)
            throw Error(component + ": the checkpoint has a weight '" + key +
                        "' that the model config does not explain (wrong yaml or model type?)");
        std::string rest = key.substr(rule->from.size());
        if (rule->renames)
            for (const auto& [from, to] : *rule->renames)
                if (rest.compare(0, from.size(), from) == 0) {
                    rest = to + rest.substr(from.size());
                    break;
                }
        torch::Tensor t = tensor;
        if (rule->conv_to_linear && t.dim() == 4) t = t.flatten(1);
        out[rule->to + rest] = t;
    }
    for (size_t i = 0; i < rules.size(); ++i)
        if (!used[i])
            throw Error(component + ": the checkpoint lacks the weights '" + rules[i].from +
                        "*' (diffusers '" + rules[i].to +
                        "*'); the model config does not match the file");
    return out;
}

std::string ldm_name(const std::string& key, const std::vector<PrefixRule>& rules) {
    const PrefixRule* best = nullptr;
    for (const auto& r : rules)
        if (key.compare(0, r.to.size(), r.to) == 0 && (!best || r.to.size() > best->to.size()))
            best = &r;
    if (!best) return "";
    std::string rest = key.substr(best->to.size());
    if (best->renames)
        for (const auto& [from, to] : *best->renames)
            if (rest.compare(0, to.size(), to) == 0) {
                rest = from + rest.substr(to.size());
                break;
            }
    return best->from + rest;
}

}  // namespace reverie::io
