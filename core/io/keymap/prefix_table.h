#pragma once
// The mechanics shared by the LDM key tables: whole sub-trees renamed by prefix, and inside each
// sub-tree a list of suffix renames (the parts whose names differ between the layouts).
#include <string>
#include <utility>
#include <vector>

#include "core/models/state_dict.h"

namespace reverie::io {

using SuffixRenames = std::vector<std::pair<std::string, std::string>>;

struct PrefixRule {
    std::string from;  // LDM prefix ending in '.', e.g. "input_blocks.1.0."
    std::string to;    // diffusers prefix, e.g. "down_blocks.0.resnets.0."
    const SuffixRenames* renames = nullptr;
    bool conv_to_linear = false;  // [out, in, 1, 1] weights become [out, in]
};

// Renames every key of `source` by the rule with the longest matching prefix. A key no rule
// matches, or a rule that matches no key, is a reverie::Error naming it and `component`.
StateDict apply_prefix_rules(const StateDict& source, const std::vector<PrefixRule>& rules,
                             const std::string& component);

// The LDM name of the diffusers key `key` by the rule whose `to` prefix is the longest match
// (renames read backwards); empty when no rule covers it.
std::string ldm_name(const std::string& key, const std::vector<PrefixRule>& rules);

}  // namespace reverie::io
