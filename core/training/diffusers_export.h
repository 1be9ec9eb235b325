#pragma once
// Writes a trained model as a diffusers-style folder that Checkpoint::open() reads back: each
// component's config.json + safetensors under the names diffusers and transformers use.
#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/models/autoencoder_kl.h"
#include "core/models/clip_text_model.h"
#include "core/models/unet.h"

namespace reverie::training {

nlohmann::json diffusers_json(const UNetConfig& c, int sample_size);
nlohmann::json diffusers_json(const VaeConfig& c, int sample_size);
// transformers' CLIPTextConfig, with the tokenizer's special ids.
nlohmann::json transformers_json(const ClipTextConfig& c, int bos_id, int eos_id, int pad_id);

// Every parameter and buffer of `module` as safetensors of `dtype`, keyed by its registered names.
void save_module(const torch::nn::Module& module, const std::string& path,
                 torch::ScalarType dtype = torch::kFloat32);

// The three networks of a pipeline in their sub-folders of `dir` (text_encoder/, unet/, vae/), each
// with its config; `vae_config` is the VAE's with the scaling factor to record. `image_size` is the
// native picture size in pixels. Tokenizer, scheduler and model_index.json are the caller's.
struct SpecialTokens {
    int bos_id, eos_id, pad_id;
};
void save_networks(const std::string& dir, const ClipTextModel& text_encoder,
                   const SpecialTokens& tokens, const UNet2DConditionModel& unet,
                   const AutoencoderKL& vae, const VaeConfig& vae_config, int image_size,
                   torch::ScalarType dtype);

// model_index.json of a Stable Diffusion pipeline whose tokenizer is `tokenizer` ({library,
// class}).
nlohmann::json model_index_json(const nlohmann::json& tokenizer);

// Pretty-printed JSON, written atomically.
void write_json(const std::string& path, const nlohmann::json& j);

}  // namespace reverie::training
