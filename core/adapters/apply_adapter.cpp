#include "core/adapters/apply_adapter.h"

#include <map>

#include "core/adapters/adapter_info.h"
#include "core/adapters/weight_delta.h"
#include "core/common/error.h"

namespace reverie::adapters {

namespace {

std::string first_names(const std::vector<std::string>& names, size_t n = 3) {
    std::string out;
    for (size_t i = 0; i < names.size() && i < n; ++i) out += (i ? ", '" : "'") + names[i] + "'";
    if (names.size() > n) out += " and " + std::to_string(names.size() - n) + " more";
    return out;
}

}  // namespace

TargetIndex index_targets(const NamedModules& modules) {
    TargetIndex index;
    for (const auto& [name, module] : modules) {
        if (!module) continue;
        std::vector<std::string> params;
        for (const auto& p : module->named_parameters(/*recurse=*/true)) params.push_back(p.key());
        index.add_component(name, params);
    }
    return index;
}

ApplyReport apply_adapter(const AdapterFile& file, const NamedModules& modules,
                          const TargetIndex& index, const std::string& model_family,
                          Multipliers multipliers, WeightPatcher& patcher,
                          WeightPatcher::Mode mode) {
    const std::string family = adapter_family(file);
    if (!family.empty() && !model_family.empty() && family != model_family)
        throw Error(file.path + " is an adapter for " + family + "; this model is " + model_family);

    std::vector<std::pair<const AdapterModule*, Target>> matched;
    std::vector<std::string> unmatched;
    for (const auto& m : file.modules) {
        if (auto t = index.find(m.name))
            matched.emplace_back(&m, *t);
        else
            unmatched.push_back(m.name);
    }
    if (matched.empty())
        throw Error(file.path + ": none of its " + std::to_string(file.modules.size()) +
                    " modules matches a weight of this model (" + model_family +
                    "); the first: " + first_names(unmatched));

    std::map<std::string, std::map<std::string, torch::Tensor>> params;
    for (const auto& [name, module] : modules)
        if (module)
            for (const auto& p : module->named_parameters(true)) params[name][p.key()] = p.value();

    ApplyReport report;
    for (const auto& [m, target] : matched) {
        torch::Tensor live = params.at(target.component).at(target.weight);
        const double s = target.component == kUNet ? multipliers.unet : multipliers.text_encoder;
        torch::Tensor merged;
        {
            c10::InferenceMode guard;
            merged = merged_weight(live, *m, s);
        }
        patcher.set(live, merged, mode);
        ++report.modules;
    }
    if (!unmatched.empty())
        report.warnings.push_back(
            file.path + ": " + std::to_string(unmatched.size()) +
            " of its modules match no weight of this model: " + first_names(unmatched));
    return report;
}

}  // namespace reverie::adapters
