#include "app/cli/bench_lora.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

#include "core/adapters/apply_adapter.h"
#include "core/common/error.h"
#include "core/common/memory_stats.h"

namespace reverie::cli {

namespace {

bool is_adapted(const std::string& name) {
    for (const char* part :
         {".attn1.", ".attn2.", ".ff.net.", ".proj_in.", ".proj_out.", ".self_attn.", ".mlp."})
        if (name.find(part) != std::string::npos) return true;
    return false;
}

void add_lora(const std::string& prefix, torch::nn::Module& module, int rank,
              adapters::NamedTensorList& tensors) {
    for (const auto& p : module.named_parameters()) {
        const auto& w = p.value();
        const std::string& name = p.key();
        if (name.size() < 7 || name.compare(name.size() - 7, 7, ".weight") != 0) continue;
        if (!is_adapted(name) || w.dim() < 2) continue;
        std::string path = name.substr(0, name.size() - 7);
        std::replace(path.begin(), path.end(), '.', '_');
        const int64_t in = w.numel() / w.size(0);
        const auto half = torch::TensorOptions().dtype(torch::kFloat16);
        tensors.emplace_back(prefix + path + ".lora_down.weight", torch::randn({rank, in}, half));
        tensors.emplace_back(prefix + path + ".lora_up.weight",
                             torch::randn({w.size(0), rank}, half) * 0.01);
        tensors.emplace_back(prefix + path + ".alpha", torch::tensor(double(rank) / 2));
    }
}

double seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int bench_lora_apply(const adapters::NamedModules& given, int rank, bool json) {
    if (rank < 1 || rank > 1024) throw Error("--lora-rank must be between 1 and 1024");
    c10::InferenceMode guard;
    // kohya's names: lora_te1_/lora_te2_ for the text encoders (SD 1.x files say lora_te_, which
    // names the same module), lora_unet_.
    const std::map<std::string, std::string> prefixes = {{adapters::kTextEncoder, "lora_te1_"},
                                                         {adapters::kTextEncoder2, "lora_te2_"},
                                                         {adapters::kUNet, "lora_unet_"}};
    adapters::NamedModules modules;
    adapters::NamedTensorList tensors;
    for (const auto& [name, module] : given) {
        if (!module || !prefixes.count(name)) continue;
        modules.emplace_back(name, module);
        add_lora(prefixes.at(name), *module, rank, tensors);
    }
    double lora_mb = 0;
    for (const auto& [k, t] : tensors) lora_mb += double(t.numel() * t.element_size()) / 1048576.0;
    const auto file = adapters::adapter_from_tensors("bench LoRA", tensors);
    const auto index = adapters::index_targets(modules);

    const double model_rss = current_rss_mb();
    reset_peak_rss();
    adapters::WeightPatcher patcher;
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    adapters::apply_adapter(file, modules, index, "", {}, patcher,
                            adapters::WeightPatcher::Mode::Replace);
    const double apply_s = seconds(t0);
    const double apply_cpu_s = double(std::clock() - c0) / CLOCKS_PER_SEC;
    const double peak_above = peak_rss_mb() - model_rss;
    const auto t1 = std::chrono::steady_clock::now();
    patcher.restore();
    const double restore_s = seconds(t1);

    nlohmann::ordered_json r;
    r["lora_rank"] = rank;
    r["lora_modules"] = file.modules.size();
    r["lora_mb"] = lora_mb;
    r["lora_apply_ms"] = apply_s * 1000;
    r["lora_apply_cpu_ms"] = apply_cpu_s * 1000;
    r["lora_restore_ms"] = restore_s * 1000;
    r["model_rss_mb"] = model_rss;
    r["lora_peak_rss_above_model_mb"] = peak_above;
    std::printf("LoRA rank %d: %zu modules, %.0f MiB (fp16)\n", rank, file.modules.size(), lora_mb);
    std::printf("  %-34s %12.1f ms (CPU %.1f ms)\n", "merge", apply_s * 1000, apply_cpu_s * 1000);
    std::printf("  %-34s %12.1f ms\n", "undo (bit-exact)", restore_s * 1000);
    std::printf("  %-34s %12.0f MiB above the model's %.0f MiB\n", "peak RSS", peak_above,
                model_rss);
    if (json) std::printf("%s\n", r.dump().c_str());
    return 0;
}

}  // namespace reverie::cli
