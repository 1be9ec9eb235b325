#pragma once
// A ControlNet on disk, in the layouts users bring:
//   - a diffusers folder (config.json + diffusion_pytorch_model[.fp16].safetensors),
//   - a single .safetensors file in the original layout (lllyasviel's control_v11*: `zero_convs`,
//     `input_hint_block`, `middle_block_out`, with or without the `control_model.` prefix), whose
//     config comes from the base model and the weights' shapes.
// Diff-ControlNets, Control-LoRAs, T2I-Adapters and union models are recognised and refused by
// name; pickles are refused as for models.
#include <string>

#include "core/models/controlnet_config.h"
#include "core/models/state_dict.h"

namespace reverie::io {

struct ControlNetFile {
    std::string name;  // the file's stem or the folder's name (A1111's "Model:" in the PNG)
    ControlNetConfig config;
    StateDict weights;  // diffusers names, memory-mapped views
};

// `base`: the UNet the ControlNet will steer. Throws reverie::Error naming the path and the
// problem.
ControlNetFile read_controlnet(const std::string& path, const UNetConfig& base);

}  // namespace reverie::io
