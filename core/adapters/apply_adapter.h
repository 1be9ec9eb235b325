#pragma once
// Merging an adapter file into a model's networks: each module's delta into the weight it names,
// in float32, then cast back to the weight's dtype; the originals are kept by a WeightPatcher.
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

#include "core/adapters/adapter_file.h"
#include "core/adapters/target_names.h"
#include "core/adapters/weight_patcher.h"

namespace reverie::adapters {

// A model's networks by their diffusers names (text_encoder, text_encoder_2, unet); others are
// ignored.
using NamedModules = std::vector<std::pair<std::string, torch::nn::Module*>>;

// Every weight of `modules` under every naming scheme (target_names.h).
TargetIndex index_targets(const NamedModules& modules);

// A1111's <lora:NAME:TE:UNET>: the text encoders' multiplier and the UNet's.
struct Multipliers {
    double text_encoder = 1.0;
    double unet = 1.0;
};

struct ApplyReport {
    size_t modules = 0;                 // modules merged
    std::vector<std::string> warnings;  // modules that match no weight (when some others do)
};

// Merges `file` into `modules`' weights. Throws reverie::Error, changing nothing, when the file is
// for another family than `model_family` (both named), when none of its modules matches a weight
// (the first ones named) or when a delta does not fit its weight.
ApplyReport apply_adapter(const AdapterFile& file, const NamedModules& modules,
                          const TargetIndex& index, const std::string& model_family,
                          Multipliers multipliers, WeightPatcher& patcher,
                          WeightPatcher::Mode mode);

}  // namespace reverie::adapters
