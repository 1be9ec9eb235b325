#pragma once
// What a model on disk is (layout, family, configs, tokenizer files), apart from its weights: no
// torch here, so the layout detection that reads untrusted headers can be fuzzed on its own.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/models/clip_text_config.h"

namespace reverie::io {

// SDXL covers every checkpoint built on the SDXL 1.0 base architecture (Pony, Illustrious,
// NoobAI, Juggernaut XL…); the refiner is its own architecture (OpenCLIP bigG only, 1280-wide
// context, aesthetic-score conditioning).
enum class ModelFamily { SD1, SD2, SDXL, SDXLRefiner };
enum class CheckpointLayout { Diffusers, SingleFile };
enum class Prediction { Epsilon, VPrediction };
// A model's networks, by the names of diffusers' folders. SDXL has two text encoders (CLIP ViT-L
// and OpenCLIP bigG); its refiner only the second.
enum class Component { TextEncoder, TextEncoder2, UNet, Vae };

std::string to_string(ModelFamily f);
std::string to_string(CheckpointLayout l);
std::string to_string(Prediction p);
std::string to_string(Component c);
// diffusers' folder name: text_encoder, text_encoder_2, unet, vae.
std::string component_key(Component c);
bool is_sdxl(ModelFamily f);

// Where a component's hyper-parameters come from; models/ turns it into its config struct.
struct ConfigSource {
    enum class Kind { DiffusersJson, LdmYaml, Preset } kind = Kind::Preset;
    nlohmann::json json;  // DiffusersJson: the component's config.json
    YAML::Node yaml;      // LdmYaml: unet_config.params / first_stage_config.params
    std::string preset;   // Preset: "sd15", "sd15-inpaint", "sd21", "sd21-inpaint"
};

struct TokenizerFiles {
    std::string vocab;   // vocab.json
    std::string merges;  // merges.txt
    int pad_id = 49407;
    // tokenizer/spiece.model: a SentencePiece model instead of CLIP BPE (the built-in model).
    std::string sentencepiece;
};

// What a model's authors recommend (model_index.json's "reverie.defaults"; the built-in model has
// them). Callers use these unless the user says otherwise.
struct RecommendedSettings {
    bool from_model = false;  // false: generic SD defaults
    std::string sampler = "euler_a";
    bool karras = false;
    int steps = 20;
    double cfg_scale = 7.0;
    int width = 0, height = 0;  // 0: the UNet's training size
};

// How a model Reverie trained itself was trained (model_index.json's "reverie.training"): which
// scenes it saw, so its evaluation grades captions new to it.
struct TrainingRecord {
    uint64_t seed = 0;
    int pool_size = 0;
};

struct ModelDescription {
    std::string path;
    std::string name;  // file or folder name without extension, for PNG metadata
    CheckpointLayout layout = CheckpointLayout::SingleFile;
    ModelFamily family = ModelFamily::SD1;
    Prediction prediction = Prediction::Epsilon;
    bool prediction_guessed = false;  // single file without yaml: no way to be sure
    bool inpainting = false;
    int unet_in_channels = 4;
    std::string config_origin;  // human-readable: which yaml/json/preset gave the config
    // The networks the model has, in the order they run (text encoders, UNet, VAE).
    std::vector<Component> components = {Component::TextEncoder, Component::UNet, Component::Vae};
    bool has(Component c) const;
    ClipTextConfig text;  // text_encoder (unused when the model has none: SDXL refiner)
    TokenizerFiles tokenizer;
    ClipTextConfig text_2;  // text_encoder_2 (SDXL: OpenCLIP bigG with projection)
    TokenizerFiles tokenizer_2;
    ConfigSource unet_config, vae_config;
    nlohmann::json scheduler_config;  // diffusers scheduler_config.json contents (or SD defaults)
    double vae_scaling_factor = 0.18215;
    // Zero-terminal-SNR v-prediction (NoobAI-style `v_pred` + `ztsnr` marker keys): the
    // scheduler config then says rescale_betas_zero_snr.
    bool zero_terminal_snr = false;
    RecommendedSettings recommended;
    std::optional<TrainingRecord> training;
};

// Pixels per side the UNet was trained at: 8 × sample_size (json) / image_size (yaml) latents;
// 512 for SD 1.x, 768 for SD 2.x v-prediction, 1024 for SDXL.
int training_size(const ModelDescription& d);

// SD's DDPM training schedule as diffusers writes scheduler_config.json for SD 1.x/2.x models
// (PNDMScheduler, the class the original SD pipelines ship with).
nlohmann::json default_scheduler_config(Prediction prediction);
// SDXL's: the same betas, under EulerDiscreteScheduler with leading spacing and steps_offset 1
// (sd_xl_base's scheduler_config.json); with zero_terminal_snr the betas are rescaled to a zero
// terminal SNR (v-prediction models trained so, e.g. NoobAI-XL v-pred).
nlohmann::json sdxl_scheduler_config(Prediction prediction, bool zero_terminal_snr);

}  // namespace reverie::io
