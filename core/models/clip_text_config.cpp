#include "core/models/clip_text_config.h"

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/common/json_numbers.h"

namespace reverie {

ClipActivation parse_clip_activation(const std::string& name) {
    if (name == "quick_gelu") return ClipActivation::QuickGelu;
    if (name == "gelu") return ClipActivation::Gelu;
    throw Error("text encoder: unsupported activation '" + name +
                "' (expected quick_gelu or gelu)");
}

std::string to_string(ClipActivation a) {
    return a == ClipActivation::QuickGelu ? "quick_gelu" : "gelu";
}

ClipTextConfig ClipTextConfig::from_diffusers_json(const nlohmann::json& j) {
    check_config_numbers(j, "text encoder config.json");
    try {
        ClipTextConfig c;
        c.vocab_size = j.value("vocab_size", c.vocab_size);
        c.hidden_size = j.value("hidden_size", c.hidden_size);
        c.intermediate_size = j.value("intermediate_size", c.intermediate_size);
        c.num_layers = j.value("num_hidden_layers", c.num_layers);
        c.num_heads = j.value("num_attention_heads", c.num_heads);
        c.max_positions = j.value("max_position_embeddings", c.max_positions);
        c.layer_norm_eps = j.value("layer_norm_eps", c.layer_norm_eps);
        c.activation = parse_clip_activation(j.value("hidden_act", std::string("quick_gelu")));
        c.eos_token_id = j.value("eos_token_id", c.eos_token_id);
        // transformers writes a projection_dim into every CLIP text config; only the
        // WithProjection architecture has the layer.
        bool with_projection = false;
        if (auto a = j.find("architectures"); a != j.end() && a->is_array())
            for (const auto& name : *a)
                with_projection |= name.is_string() && name.get<std::string>().find(
                                                           "WithProjection") != std::string::npos;
        if (with_projection) c.projection_dim = j.value("projection_dim", c.hidden_size);
        if (c.num_heads <= 0 || c.hidden_size % c.num_heads != 0 || c.num_layers <= 0 ||
            c.num_layers > 256 || c.hidden_size <= 0 || c.hidden_size > 65536 ||
            c.max_positions <= 0 || c.vocab_size <= 0 || c.projection_dim < 0 ||
            c.projection_dim > 65536)
            throw Error("text encoder config has inconsistent sizes");
        return c;
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("text encoder config.json: ") + e.what());
    }
}

ClipTextConfig ClipTextConfig::sd15() {
    return ClipTextConfig{};
}

ClipTextConfig ClipTextConfig::sd21() {
    ClipTextConfig c;
    c.hidden_size = 1024;
    c.intermediate_size = 4096;
    c.num_layers = 23;
    c.num_heads = 16;
    c.activation = ClipActivation::Gelu;
    return c;
}

ClipTextConfig ClipTextConfig::sdxl_clip_l() {
    return ClipTextConfig{};
}

ClipTextConfig ClipTextConfig::sdxl_open_clip_g() {
    ClipTextConfig c;
    c.hidden_size = 1280;
    c.intermediate_size = 5120;
    c.num_layers = 32;
    c.num_heads = 20;
    c.activation = ClipActivation::Gelu;
    c.projection_dim = 1280;
    return c;
}

}  // namespace reverie
