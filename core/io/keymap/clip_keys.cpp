#include "core/io/keymap/clip_keys.h"

#include <algorithm>
#include <cstring>

#include "core/common/error.h"
#include "core/io/keymap/block_index.h"

namespace reverie::io {
namespace {

constexpr const char* kOpenClipBlock = "transformer.resblocks.";

}  // namespace

StateDict clip_from_ldm_sd1(const StateDict& ldm) {
    StateDict out;
    for (const auto& [k, v] : ldm) {
        if (k.find("position_ids") != std::string::npos) continue;  // an int64 buffer, not a weight
        out[k.compare(0, 11, "text_model.") == 0 ? k : "text_model." + k] = v;
    }
    return out;
}

int open_clip_block_count(const StateDict& ldm) {
    int n = 0;
    for (const auto& kv : ldm)
        if (auto i = block_index(kv.first, kOpenClipBlock)) n = std::max(n, *i + 1);
    return n;
}

StateDict clip_from_open_clip(const StateDict& ldm, int drop_last_blocks, bool projection) {
    // The one table for OpenCLIP -> CLIP names (per block, then the rest).
    static const std::pair<const char*, const char*> kBlock[] = {
        {"ln_1.", "layer_norm1."},
        {"ln_2.", "layer_norm2."},
        {"attn.out_proj.", "self_attn.out_proj."},
        {"mlp.c_fc.", "mlp.fc1."},
        {"mlp.c_proj.", "mlp.fc2."},
    };
    static const std::pair<const char*, const char*> kTop[] = {
        {"token_embedding.weight", "text_model.embeddings.token_embedding.weight"},
        {"positional_embedding", "text_model.embeddings.position_embedding.weight"},
        {"ln_final.weight", "text_model.final_layer_norm.weight"},
        {"ln_final.bias", "text_model.final_layer_norm.bias"},
    };
    const int keep = open_clip_block_count(ldm) - drop_last_blocks;
    StateDict out;
    for (const auto& [k, v] : ldm) {
        std::string rest;
        if (const auto block = block_index(k, kOpenClipBlock, &rest)) {
            const int i = *block;
            if (i >= keep) continue;
            const std::string to = "text_model.encoder.layers." + std::to_string(i) + ".";
            if (rest == "attn.in_proj_weight" || rest == "attn.in_proj_bias") {
                const std::string suffix = rest == "attn.in_proj_weight" ? "weight" : "bias";
                if (v.dim() == 0 || v.size(0) % 3 != 0)
                    throw Error("text encoder: '" + k + "' cannot be split into q, k and v");
                auto qkv = v.chunk(3, 0);
                out[to + "self_attn.q_proj." + suffix] = qkv[0];
                out[to + "self_attn.k_proj." + suffix] = qkv[1];
                out[to + "self_attn.v_proj." + suffix] = qkv[2];
                continue;
            }
            for (const auto& [from, into] : kBlock)
                if (rest.compare(0, std::strlen(from), from) == 0)
                    out[to + into + rest.substr(std::strlen(from))] = v;
            continue;
        }
        for (const auto& [from, into] : kTop)
            if (k == from) out[into] = v;
        if (projection && k == "text_projection") {
            if (v.dim() != 2)
                throw Error("text encoder: 'text_projection' must be a matrix, it has " +
                            std::to_string(v.dim()) + " dimensions");
            out["text_projection.weight"] = v.t();
        }
    }
    return out;
}

}  // namespace reverie::io
