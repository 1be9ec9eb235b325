#include "core/models/state_dict.h"

#include <set>
#include <sstream>

#include "core/common/error.h"
#include "core/io/mapped_pages.h"

namespace reverie {
namespace {

std::string shape_str(c10::IntArrayRef s) {
    std::ostringstream os;
    os << s;
    return os.str();
}

// Copies into `target`, or with `adopt` makes `target` the source converted to `adopt`.
void assign(const std::string& component, const std::string& key, torch::Tensor& target,
            const StateDict& weights, std::set<std::string>& used,
            const torch::TensorOptions* adopt) {
    auto it = weights.find(key);
    if (it == weights.end())
        throw Error(component + ": weight '" + key +
                    "' is missing from the checkpoint (expected shape " +
                    shape_str(target.sizes()) + ")");
    const torch::Tensor& src = it->second;
    if (src.sizes() != target.sizes())
        throw Error(component + ": weight '" + key + "' has shape " + shape_str(src.sizes()) +
                    " but the model config needs " + shape_str(target.sizes()));
    if (!src.is_floating_point())
        throw Error(component + ": weight '" + key + "' is not a floating-point tensor");
    torch::NoGradGuard no_grad;
    if (adopt) {
        auto converted = src.to(adopt->device(), adopt->dtype().toScalarType()).contiguous();
        // A converted fp16 file would otherwise stay resident beside its fp32 copy until the
        // load ends (2 GB of an SD 1.5 load).
        if (converted.data_ptr() != src.data_ptr()) io::release_mapped_pages(src);
        target.set_data(converted);
    } else
        target.copy_(src);
    used.insert(key);
}

std::vector<std::string> assign_all(torch::nn::Module& module, const StateDict& weights,
                                    const std::string& component, const std::string& prefix,
                                    const torch::TensorOptions* adopt) {
    std::set<std::string> used;
    for (auto& p : module.named_parameters(/*recurse=*/true))
        assign(component, prefix + p.key(), p.value(), weights, used, adopt);
    for (auto& b : module.named_buffers(/*recurse=*/true))
        if (b.value().is_floating_point())
            assign(component, prefix + b.key(), b.value(), weights, used, adopt);
    std::vector<std::string> unused;
    for (const auto& [k, v] : weights)
        if (k.compare(0, prefix.size(), prefix) == 0 && !used.count(k)) unused.push_back(k);
    return unused;
}

}  // namespace

std::vector<std::string> load_weights(torch::nn::Module& module, const StateDict& weights,
                                      const std::string& component, const std::string& prefix) {
    return assign_all(module, weights, component, prefix, nullptr);
}

std::vector<std::string> adopt_weights(torch::nn::Module& module, const StateDict& weights,
                                       const std::string& component,
                                       const torch::TensorOptions& options) {
    return assign_all(module, weights, component, "", &options);
}

StateDict sub_dict(const StateDict& weights, const std::string& prefix) {
    StateDict out;
    for (auto it = weights.lower_bound(prefix); it != weights.end(); ++it) {
        if (it->first.compare(0, prefix.size(), prefix) != 0) break;
        out.emplace(it->first.substr(prefix.size()), it->second);
    }
    return out;
}

int64_t parameter_count(const torch::nn::Module& module) {
    int64_t n = 0;
    for (const auto& p : module.parameters()) n += p.numel();
    return n;
}

}  // namespace reverie
