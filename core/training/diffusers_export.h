#pragma once
// Writes a trained model as a diffusers-style folder that Checkpoint::open() reads back: each
// component's config.json + safetensors under the names diffusers and transformers use.
#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/models/clip_text_config.h"
#include "core/models/unet_config.h"
#include "core/models/vae_config.h"

namespace reverie::training {

nlohmann::json diffusers_json(const UNetConfig& c, int sample_size);
nlohmann::json diffusers_json(const VaeConfig& c, int sample_size);
// transformers' CLIPTextConfig, with the tokenizer's special ids.
nlohmann::json transformers_json(const ClipTextConfig& c, int bos_id, int eos_id, int pad_id);

// Every parameter and buffer of `module` as safetensors of `dtype`, keyed by its registered names.
void save_module(const torch::nn::Module& module, const std::string& path,
                 torch::ScalarType dtype = torch::kFloat32);

// Pretty-printed JSON, written atomically.
void write_json(const std::string& path, const nlohmann::json& j);

}  // namespace reverie::training
