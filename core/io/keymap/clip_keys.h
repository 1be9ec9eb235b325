#pragma once
// Text-encoder key tables: single-file checkpoint names -> transformers' CLIPTextModel names.
#include "core/models/state_dict.h"

namespace reverie::io {

// SD 1.x: `cond_stage_model.transformer.` already stripped. Old files lack the `text_model.` level.
StateDict clip_from_ldm_sd1(const StateDict& ldm);

// SD 2.x OpenCLIP (`cond_stage_model.model.` already stripped): fused in_proj split into q/k/v,
// names translated. The last `drop_last_blocks` blocks are left out, as SD2 conditions on the
// penultimate layer and diffusers' conversion drops the final block.
// With `projection` (SDXL's bigG, CLIPTextModelWithProjection), OpenCLIP's text_projection
// [width, proj] becomes text_projection.weight [proj, width]; without, it is left out.
StateDict clip_from_open_clip(const StateDict& ldm, int drop_last_blocks, bool projection = false);

// Number of transformer blocks in an OpenCLIP text tower.
int open_clip_block_count(const StateDict& ldm);

}  // namespace reverie::io
