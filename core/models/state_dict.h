#pragma once
// Weights travel as a StateDict keyed by Reverie's internal names, which are the diffusers names of
// each component (`down_blocks.0.resnets.1.conv1.weight`). Checkpoint layouts are translated into
// these names in core/io/keymap/, one table per component; modules register their parameters under
// the same names.
#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

namespace reverie {

using StateDict = std::map<std::string, torch::Tensor>;

// Copies every parameter and buffer of `module` from `weights[prefix + name]`, converting to the
// module's dtype and device. A missing key or a shape that does not fit is a reverie::Error naming
// the component, the key and both shapes. Returns the keys under `prefix` that the module did not
// use.
std::vector<std::string> load_weights(torch::nn::Module& module, const StateDict& weights,
                                      const std::string& component, const std::string& prefix = "");

// Like load_weights, but each parameter and buffer becomes the checkpoint's tensor converted to
// `options` (its device and dtype) — the very tensor, memory-mapped, when no conversion is needed.
// For modules built under SkipParameterInit, whose own storage is never touched.
std::vector<std::string> adopt_weights(torch::nn::Module& module, const StateDict& weights,
                                       const std::string& component,
                                       const torch::TensorOptions& options);

// The subset of `weights` under `prefix`, with the prefix removed.
StateDict sub_dict(const StateDict& weights, const std::string& prefix);

// Total number of elements of the module's parameters.
int64_t parameter_count(const torch::nn::Module& module);

}  // namespace reverie
