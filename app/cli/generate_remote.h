#pragma once
// `generate --backend comfyui`: the request runs on a ComfyUI server (app/remote) instead of the
// engine here.
#include "app/cli/args.h"
#include "core/pipeline/generation_request.h"

namespace reverie::cli {

int generate_on_comfyui(const Args& args, pipeline::GenerationRequest request);

}  // namespace reverie::cli
