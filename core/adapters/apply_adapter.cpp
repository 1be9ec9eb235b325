#include "core/adapters/apply_adapter.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <unordered_set>

#include "core/adapters/adapter_info.h"
#include "core/adapters/weight_delta.h"
#include "core/common/error.h"

namespace reverie::adapters {

namespace {

// Weights merged side by side between two commits: bounds what is held twice at a time (new copies
// beside originals not yet given back) while keeping every core busy.
constexpr int64_t kBatchBytes = int64_t(64) << 20;

struct Merge {
    torch::Tensor live, out;
    const AdapterModule* module;
    double multiplier;
};

// CPU weights: one module per thread at a time, taken in turn, so small modules keep both cores
// busy and a whole batch costs one parallel region — a region per operation made the merge ten
// times slower when other processes wanted the cores (idle threads spinning at its barriers).
// Within a region torch and BLAS run single-threaded, so the numbers do not depend on the thread
// count (they are those of the tests, run with OMP_NUM_THREADS=1). Weights on a GPU go one by one.
void merge_all(const std::vector<Merge>& batch) {
    const bool cpu = std::all_of(batch.begin(), batch.end(),
                                 [](const Merge& j) { return j.live.device().is_cpu(); });
    if (!cpu || at::get_num_threads() < 2) {
        c10::InferenceMode guard;
        for (const auto& j : batch) merge_into(j.live, *j.module, j.multiplier, j.out);
        return;
    }
    std::atomic<size_t> next{0};
    at::parallel_for(0, at::get_num_threads(), 1, [&](int64_t, int64_t) {
        c10::InferenceMode guard;  // torch's worker threads start outside it
        for (size_t i; (i = next++) < batch.size();)
            merge_into(batch[i].live, *batch[i].module, batch[i].multiplier, batch[i].out);
    });
}

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
    std::vector<Merge> batch;
    std::unordered_set<const void*> in_batch;
    int64_t batch_bytes = 0;
    auto flush = [&] {
        try {
            merge_all(batch);
        } catch (...) {
            patcher.abandon();
            throw;
        }
        for (auto& job : batch) patcher.commit(job.live, job.out);
        report.modules += batch.size();
        batch.clear();
        in_batch.clear();
        batch_bytes = 0;
    };
    for (const auto& [m, target] : matched) {
        torch::Tensor live = params.at(target.component).at(target.weight);
        const double s = target.component == kUNet ? multipliers.unet : multipliers.text_encoder;
        // A weight named twice in a file is merged twice, one after the other.
        if (in_batch.count(live.unsafeGetTensorImpl()) || batch_bytes >= kBatchBytes) flush();
        // Written straight into the weight's new storage (or in place): one pass over it.
        batch.push_back({live, patcher.begin(live, mode), m, s});
        in_batch.insert(live.unsafeGetTensorImpl());
        batch_bytes += int64_t(live.numel()) * live.element_size();
    }
    flush();
    if (!unmatched.empty())
        report.warnings.push_back(
            file.path + ": " + std::to_string(unmatched.size()) +
            " of its modules match no weight of this model: " + first_names(unmatched));
    return report;
}

}  // namespace reverie::adapters
