#include "app/cli/bench_lora.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "core/adapters/apply_adapter.h"
#include "core/common/error.h"
#include "core/common/memory_stats.h"
#include "core/common/out_of_memory.h"
#include "core/io/safetensors.h"

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

// The networks' weights as a user's arrive: written to a temporary safetensors file in their dtype
// and memory-mapped back zero-copy, as the loader adopts them (state_dict.h). The file is unlinked
// at once (the mapping keeps it until the process ends). Then every page is read, as a first
// generation would. Returns the mapped bytes.
double map_through_file(const adapters::NamedModules& modules) {
    namespace fs = std::filesystem;
    const fs::path path = fs::temp_directory_path() /
                          ("reverie-bench-lora-" + std::to_string(::getpid()) + ".safetensors");
    std::shared_ptr<io::SafetensorsFile> file;
    {
        io::NamedTensors tensors;
        for (const auto& [name, module] : modules)
            for (const auto& p : module->named_parameters())
                tensors.emplace_back(name + "." + p.key(), p.value());
        std::printf("writing the weights to %s to map them ...\n", path.c_str());
        std::fflush(stdout);
        try {
            io::save_safetensors(path.string(), tensors);
            // On disk before it is mapped, as a user's checkpoint is: freshly written pages would
            // still be waiting to be written back, and memory wanted during the merge would wait
            // for that writeback (minutes for an SDXL model here).
            const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd >= 0) {
                ::fsync(fd);
                ::close(fd);
            }
            file = io::SafetensorsFile::open(path.string(), io::LoadMode::Map);
        } catch (...) {
            std::error_code ec;
            fs::remove(path, ec);
            throw;
        }
        fs::remove(path);
    }
    double bytes = 0;
    for (const auto& [name, module] : modules)
        for (auto& p : module->named_parameters()) {
            torch::Tensor view = file->tensor(name + "." + p.key());
            if (view.scalar_type() != p.value().scalar_type())
                throw Error("internal: a mapped weight's dtype differs");
            p.value().set_data(view);
            bytes += double(view.numel() * view.element_size());
            view.sum();  // resident, as after a first generation
        }
    release_cached_memory();  // the random weights' blocks
    return bytes / 1048576.0;
}

double seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int bench_lora_apply(const adapters::NamedModules& given, int rank, bool json,
                     adapters::WeightPatcher::Mode mode, bool map_weights) {
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
    const bool mapped = map_weights;
    const double mapped_mb = mapped ? map_through_file(modules) : 0.0;

    const double model_rss = current_rss_mb();
    reset_peak_rss();
    std::vector<std::pair<torch::Tensor, const void*>> weights;  // to find the touched ones
    for (const auto& [name, module] : modules)
        for (const auto& p : module->parameters()) weights.emplace_back(p, p.data_ptr());
    adapters::WeightPatcher patcher;
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    adapters::apply_adapter(file, modules, index, "", {}, patcher, mode);
    const double apply_s = seconds(t0);
    const double apply_cpu_s = double(std::clock() - c0) / CLOCKS_PER_SEC;
    const double peak_above = peak_rss_mb() - model_rss;
    const double after_merge = current_rss_mb();
    double touched_mb = 0;
    for (const auto& [p, data] : weights)
        if (p.data_ptr() != data) touched_mb += double(p.numel() * p.element_size()) / 1048576.0;
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
    r["rss_after_merge_above_model_mb"] = after_merge - model_rss;
    r["weights_mapped_mb"] = mapped_mb;
    r["lora_touched_mb"] = touched_mb;
    r["threads"] = torch::get_num_threads();
    std::printf("LoRA rank %d: %zu modules, %.0f MiB (fp16)\n", rank, file.modules.size(), lora_mb);
    if (mapped) std::printf("  weights memory-mapped from a file: %.0f MiB\n", mapped_mb);
    std::printf("  %d threads; the merge replaced %.0f MiB of weights\n", torch::get_num_threads(),
                touched_mb);
    std::printf("  %-34s %12.1f ms (CPU %.1f ms)\n", "merge", apply_s * 1000, apply_cpu_s * 1000);
    std::printf("  %-34s %12.1f ms\n", "undo (bit-exact)", restore_s * 1000);
    std::printf("  %-34s %12.0f MiB above the model's %.0f MiB\n", "peak RSS", peak_above,
                model_rss);
    std::printf("  %-34s %12.0f MiB above the model's\n", "RSS after the merge",
                after_merge - model_rss);
    if (json) std::printf("%s\n", r.dump().c_str());
    return 0;
}

}  // namespace reverie::cli
