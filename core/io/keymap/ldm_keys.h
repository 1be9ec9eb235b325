#pragma once
// CompVis/LDM single-file checkpoints -> Reverie's (diffusers) names, one table per component.
#include "core/io/keymap/prefix_table.h"
#include "core/models/state_dict.h"
#include "core/models/unet_config.h"
#include "core/models/vae_config.h"

namespace reverie::io {

// The UNet's table: LDM/SGM prefixes -> diffusers prefixes (unet_from_ldm applies it; adapters
// read it backwards, for kohya LoRAs named after the LDM modules).
std::vector<PrefixRule> unet_ldm_rules(const UNetConfig& config);

// `ldm` holds the UNet's keys with 'model.diffusion_model.' already stripped. Throws
// reverie::Error naming the key for a key the config does not explain or a block that is
// missing from the file.
StateDict unet_from_ldm(const StateDict& ldm, const UNetConfig& config);

// `ldm` holds the VAE's keys with 'first_stage_model.' already stripped. The mid-block attention's
// 1×1 convolutions become linear weights.
StateDict vae_from_ldm(const StateDict& ldm, const VaeConfig& config);

}  // namespace reverie::io
