#pragma once
// How a UNetConfig becomes the options of each level's block: one place for the UNet and the
// ControlNet, whose encoder half must be built exactly like the UNet's.
#include "core/models/unet_blocks.h"
#include "core/models/unet_config.h"

namespace reverie {

// Down level `level` (0 = full resolution).
UNetBlockOptions down_block_options(const UNetConfig& c, int64_t level);
// The mid block, at the last level's width.
UNetBlockOptions mid_block_options(const UNetConfig& c);
// Up block `i` (0 = lowest resolution), which mirrors down level levels-1-i.
UNetBlockOptions up_block_options(const UNetConfig& c, int64_t i);

}  // namespace reverie
