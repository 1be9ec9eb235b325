#pragma once
// The inpainting mask options of `generate`, read into the request's MaskOptions:
//   --mask-blur PX, --mask-grow PX (negative shrinks), --invert-mask,
//   --masked-content fill|original|latent-noise|latent-nothing, --mask-mode hard|soft,
//   --latent-mask cover|nearest, --inpaint-full-res, --inpaint-padding PX.
#include "app/cli/args.h"
#include "core/pipeline/generation_request.h"

namespace reverie::cli {

void read_mask_options(const Args& args, pipeline::MaskOptions& options);

}  // namespace reverie::cli
