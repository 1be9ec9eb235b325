#pragma once
// Hyper-parameters of a CLIP text transformer as Stable Diffusion uses it (transformers'
// CLIPTextConfig).
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace reverie {

enum class ClipActivation { QuickGelu, Gelu };

struct ClipTextConfig {
    int vocab_size = 49408;
    int hidden_size = 768;
    int intermediate_size = 3072;
    int num_layers = 12;
    int num_heads = 12;
    int max_positions = 77;
    double layer_norm_eps = 1e-5;
    ClipActivation activation = ClipActivation::QuickGelu;
    // Where the pooled output is read. 2 is what the original CLIP configs say while their EOS is
    // 49407, the highest id: transformers then takes the highest id of each row, as here. Other
    // tokenizers (the built-in model's SentencePiece: EOS 3) need the real id.
    int eos_token_id = 2;
    // CLIPTextModelWithProjection (SDXL's OpenCLIP bigG): the pooled output goes through a
    // bias-free `text_projection` of this width. 0: no projection (CLIPTextModel).
    int projection_dim = 0;

    // transformers' text_encoder/config.json.
    static ClipTextConfig from_diffusers_json(const nlohmann::json& config);
    // SD 1.x: OpenAI ViT-L/14 text tower.
    static ClipTextConfig sd15();
    // SD 2.x: OpenCLIP ViT-H/14 text tower without its last block (SD2 conditions on the
    // penultimate layer, so the block is dropped at load time exactly as diffusers' conversion
    // does).
    static ClipTextConfig sd21();
    // SDXL's two text towers: OpenAI ViT-L/14 (as SD 1.x) and OpenCLIP ViT-bigG/14 with its
    // projection, all 32 blocks (SDXL reads the penultimate state at run time).
    static ClipTextConfig sdxl_clip_l();
    static ClipTextConfig sdxl_open_clip_g();
};

ClipActivation parse_clip_activation(const std::string& name);
std::string to_string(ClipActivation a);

}  // namespace reverie
