#include "app/cli/args.h"

#include <cstdio>
#include <cstdlib>

#include "core/common/device_policy.h"
#include "core/common/error.h"

namespace reverie::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& valued,
           const std::set<std::string>& flags) {
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() < 3 || a.compare(0, 2, "--") != 0) {
            positional_.push_back(a);
            continue;
        }
        std::string name = a.substr(2), value;
        bool has_value = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            has_value = true;
        }
        if (flags.count(name)) {
            if (has_value) throw Error("option --" + name + " takes no value");
            flags_.insert(name);
        } else if (valued.count(name)) {
            if (!has_value) {
                if (i + 1 >= argv.size()) throw Error("option --" + name + " needs a value");
                value = argv[++i];
            }
            values_[name].push_back(value);
            sequence_.emplace_back(name, value);
        } else {
            throw Error("unknown option --" + name);
        }
    }
}

std::optional<std::string> Args::get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second.back();
}

std::vector<std::string> Args::get_all(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? std::vector<std::string>() : it->second;
}

std::vector<std::pair<std::string, std::string>> Args::in_order(
    const std::set<std::string>& names) const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& kv : sequence_)
        if (names.count(kv.first)) out.push_back(kv);
    return out;
}

std::string Args::get_or(const std::string& name, const std::string& fallback) const {
    return get(name).value_or(fallback);
}

int64_t Args::get_int(const std::string& name, int64_t fallback) const {
    auto v = get(name);
    if (!v) return fallback;
    char* end = nullptr;
    errno = 0;
    long long x = std::strtoll(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || errno != 0)
        throw Error("option --" + name + " expects an integer, got '" + *v + "'");
    return x;
}

double Args::get_double(const std::string& name, double fallback) const {
    auto v = get(name);
    if (!v) return fallback;
    char* end = nullptr;
    double x = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0')
        throw Error("option --" + name + " expects a number, got '" + *v + "'");
    return x;
}

image::LatentMaskMode parse_latent_mask(const std::string& value) {
    if (auto mode = image::latent_mask_mode_from_name(value)) return *mode;
    throw Error("--latent-mask must be cover or nearest, got '" + value + "'");
}

torch::Device parse_device(const std::string& value) {
    const auto choice = device_choice_from_name(value);
    if (!choice) throw Error("--device must be auto, cpu or cuda, got '" + value + "'");
    const auto device = pick_device(*choice);
    if (!device)
        throw Error(
            "--device cuda: CUDA is not available in this build or on this machine (use --device "
            "cpu, or auto to take a GPU only when there is one)");
    if (*choice == DeviceChoice::Auto)
        std::fprintf(stderr, "device: auto picked %s\n",
                     device->is_cuda() ? "the GPU (cuda:0)" : "the CPU (no CUDA GPU visible)");
    return *device;
}

torch::ScalarType parse_dtype_name(const std::string& value) {
    if (value == "fp32") return torch::kFloat32;
    if (value == "fp16") return torch::kFloat16;
    if (value == "bf16") return torch::kBFloat16;
    throw Error("--dtype must be fp32, fp16 or bf16, got '" + value + "'");
}

torch::ScalarType parse_dtype(const std::string& value, const torch::Device& device) {
    bool fell_back = false;
    const torch::ScalarType dtype = pick_dtype(parse_dtype_name(value), device, &fell_back);
    if (fell_back) std::fprintf(stderr, "note: fp16 needs a GPU; using fp32 on the CPU\n");
    return dtype;
}

}  // namespace reverie::cli
