#pragma once
// The LDM -> diffusers rules of a UNet's encoder half (time and vector embeddings, input blocks,
// middle block), shared by the UNet's table and the ControlNet's, which is that half plus its own
// hint encoder and zero convolutions.
#include <vector>

#include "core/io/keymap/prefix_table.h"
#include "core/models/unet_config.h"

namespace reverie::io {

std::vector<PrefixRule> unet_encoder_ldm_rules(const UNetConfig& config);

}  // namespace reverie::io
