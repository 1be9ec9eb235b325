#include "core/adapters/adapter_info.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/adapters/target_names.h"

namespace reverie::adapters {

namespace {

bool starts_with(const std::string& s, const std::string& head) {
    return s.compare(0, head.size(), head) == 0;
}

std::string metadata(const AdapterFile& f, const std::string& key) {
    auto it = f.metadata.find(key);
    return it == f.metadata.end() ? "" : it->second;
}

}  // namespace

std::string adapter_family(const AdapterFile& f) {
    const std::string base = metadata(f, "ss_base_model_version");
    const std::string arch = metadata(f, "modelspec.architecture");
    if (starts_with(base, "sdxl") || starts_with(arch, "stable-diffusion-xl")) return "SDXL";
    if (starts_with(base, "sd_v2") || starts_with(arch, "stable-diffusion-v2") ||
        metadata(f, "ss_v2") == "True")
        return "SD 2.x";
    for (const auto& m : f.modules)
        if (component_of(m.name) == kTextEncoder2 || starts_with(m.name, "lora_te1_"))
            return "SDXL";
    if (starts_with(base, "sd_v1") || starts_with(arch, "stable-diffusion-v1")) return "SD 1.x";
    return "";
}

std::vector<std::string> trigger_words(const std::string& text, size_t limit) {
    std::map<std::string, double> counts;
    try {
        const auto j = nlohmann::json::parse(text);
        if (!j.is_object()) return {};
        for (const auto& [dataset, tags] : j.items()) {
            if (!tags.is_object()) continue;
            for (const auto& [tag, n] : tags.items())
                if (n.is_number()) counts[tag] += n.get<double>();
        }
    } catch (const nlohmann::json::exception&) {
        return {};
    }
    std::vector<std::pair<std::string, double>> sorted(counts.begin(), counts.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> out;
    for (size_t i = 0; i < sorted.size() && i < limit; ++i) out.push_back(sorted[i].first);
    return out;
}

AdapterSummary summarize(const AdapterFile& f) {
    AdapterSummary s;
    s.family = adapter_family(f);
    for (const auto& m : f.modules) {
        ++s.kinds[to_string(m.kind)];
        const std::string c = component_of(m.name);
        ++s.components[c.empty() ? "?" : c];
        ++s.ranks[m.rank()];
    }
    s.trigger_words = trigger_words(metadata(f, "ss_tag_frequency"));
    return s;
}

}  // namespace reverie::adapters
