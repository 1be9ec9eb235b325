#pragma once
// A model on disk, in either layout users bring:
//   - a diffusers folder (model_index.json; each component's config.json + .safetensors;
//   tokenizer/),
//   - a single-file CompVis/LDM checkpoint (.safetensors) with an optional sidecar LDM yaml beside
//   it
//     (same base name); without one, the family is detected from tensor shapes and the real SD 1.5
//     / 2.1 configs are assumed.
// Pickled files (.ckpt/.pt/.bin) are refused: unpickling runs arbitrary code.
// Opening validates and memory-maps; weights are zero-copy views until a model converts them.
#include <yaml-cpp/yaml.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/models/clip_text_config.h"
#include "core/models/state_dict.h"

namespace reverie::io {

class SafetensorsFile;

enum class ModelFamily { SD1, SD2 };
enum class CheckpointLayout { Diffusers, SingleFile };
enum class Prediction { Epsilon, VPrediction };
enum class Component { TextEncoder, UNet, Vae };

std::string to_string(ModelFamily f);
std::string to_string(CheckpointLayout l);
std::string to_string(Prediction p);
std::string to_string(Component c);

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
    ClipTextConfig text;
    TokenizerFiles tokenizer;
    ConfigSource unet_config, vae_config;
    nlohmann::json scheduler_config;  // diffusers scheduler_config.json contents (or SD defaults)
    double vae_scaling_factor = 0.18215;
    RecommendedSettings recommended;
};

class Checkpoint {
  public:
    // Throws reverie::Error naming the path and the problem.
    static std::shared_ptr<Checkpoint> open(const std::string& path);

    const ModelDescription& description() const { return desc_; }

    // The component's weights under Reverie's internal (diffusers) names. For the UNet and VAE of a
    // single file these are still LDM names; models/ translates them with the config in hand
    // (is_ldm_named() says which).
    StateDict weights(Component c) const;
    bool is_ldm_named(Component c) const;

    // Parameter count and stored dtypes of a component, from the file headers (nothing is read).
    int64_t parameter_count(Component c) const;
    std::set<std::string> dtypes(Component c) const;

  private:
    struct Source {
        std::shared_ptr<SafetensorsFile> file;
        std::string prefix;  // keys under this prefix belong to the component
    };
    const Source& source(Component c) const;

    ModelDescription desc_;
    Source text_, unet_, vae_;
    int text_drop_blocks_ = 0;  // OpenCLIP blocks left out (SD2 uses the penultimate layer)
};

// SD's DDPM training schedule as diffusers writes scheduler_config.json for SD 1.x/2.x models.
nlohmann::json default_scheduler_config(Prediction prediction);

// Throws when `path` is a pickled checkpoint, explaining why it is refused and how to convert it.
void refuse_pickle(const std::string& path);

}  // namespace reverie::io
