#pragma once
// ControlNet checkpoints in the original layout -> Reverie's (diffusers) names.
#include "core/models/controlnet_config.h"
#include "core/models/state_dict.h"

namespace reverie::io {

// `ldm` holds the keys without the `control_model.` prefix. Throws reverie::Error naming the key
// for a weight the config does not explain or a block the file lacks.
StateDict controlnet_from_ldm(const StateDict& ldm, const ControlNetConfig& config);

}  // namespace reverie::io
