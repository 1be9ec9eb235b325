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

}  // namespace reverie::io
