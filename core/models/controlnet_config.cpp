#include "core/models/controlnet_config.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <string>

#include "core/common/error.h"
#include "core/common/json_numbers.h"

namespace reverie {
namespace {

// diffusers classes that live in ControlNet folders but are not a ControlNetModel.
const std::map<std::string, std::string> kRefusedClasses = {
    {"T2IAdapter", "a T2I-Adapter"},
    {"MultiAdapter", "a T2I-Adapter"},
    {"ControlNetUnionModel", "a ControlNet union (ControlNet++ / ProMax) model"},
    {"ControlNetXSAdapter", "a ControlNet-XS adapter"},
    {"SD3ControlNetModel", "a ControlNet for Stable Diffusion 3"},
    {"FluxControlNetModel", "a ControlNet for Flux"},
    {"SparseControlNetModel", "a SparseCtrl model (AnimateDiff)"},
};

// The up blocks a UNet with these down blocks would have (validate() wants them).
std::vector<std::string> mirrored_up_blocks(const std::vector<std::string>& down) {
    std::vector<std::string> up;
    for (auto it = down.rbegin(); it != down.rend(); ++it)
        up.push_back(*it == "CrossAttnDownBlock2D" ? "CrossAttnUpBlock2D" : "UpBlock2D");
    return up;
}

const torch::Tensor& weight(const StateDict& w, const std::string& key) {
    auto it = w.find(key);
    if (it == w.end())
        throw Error("ControlNet (original layout): the file lacks '" + key +
                    "'; it is not a ControlNet");
    return it->second;
}

}  // namespace

ControlNetConfig ControlNetConfig::from_diffusers_json(const nlohmann::json& j) {
    check_config_numbers(j, "ControlNet config.json");
    if (!j.is_object()) throw Error("ControlNet config.json is not a JSON object");
    const std::string cls = j.value("_class_name", std::string("ControlNetModel"));
    if (auto it = kRefusedClasses.find(cls); it != kRefusedClasses.end())
        throw Error("this is " + it->second + " (" + cls +
                    "), not a ControlNet; Reverie runs ControlNetModel only for now");
    if (cls != "ControlNetModel")
        throw Error("ControlNet config.json: '" + cls + "' is not a ControlNetModel");
    ControlNetConfig c;
    try {
        nlohmann::json unet = j;
        unet["up_block_types"] =
            mirrored_up_blocks(j.at("down_block_types").get<std::vector<std::string>>());
        c.unet = UNetConfig::from_diffusers_json(unet);
        c.conditioning_channels = j.value("conditioning_channels", int64_t(3));
        if (j.contains("conditioning_embedding_out_channels"))
            c.hint_channels = j["conditioning_embedding_out_channels"].get<std::vector<int64_t>>();
        c.bgr = j.value("controlnet_conditioning_channel_order", std::string("rgb")) == "bgr";
        c.global_pool_conditions = j.value("global_pool_conditions", false);
        const std::string mid = j.value("mid_block_type", std::string("UNetMidBlock2DCrossAttn"));
        if (mid != "UNetMidBlock2DCrossAttn")
            throw Error("ControlNet config.json: mid_block_type '" + mid + "' is not supported");
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("ControlNet config.json is not a valid ControlNetModel config: ") +
                    e.what());
    }
    c.validate();
    return c;
}

ControlNetConfig ControlNetConfig::from_ldm_weights(const StateDict& w, const UNetConfig& base) {
    ControlNetConfig c;
    c.unet = base;
    const auto& conv_in = weight(w, "input_blocks.0.0.weight");  // [ch0, in, 3, 3]
    if (conv_in.dim() != 4 || conv_in.size(0) != base.block_out_channels.at(0))
        throw Error("this ControlNet was made for another kind of model: its first layer has " +
                    std::to_string(conv_in.size(0)) + " channels, the base model's " +
                    std::to_string(base.block_out_channels.at(0)));
    c.unet.in_channels = conv_in.size(1);
    c.unet.out_channels = 4;
    const bool has_vector = w.count("label_emb.0.0.weight") != 0;
    if (has_vector != base.takes_vector())
        throw Error(has_vector ? "this ControlNet is for SDXL; the base model is not"
                               : "this ControlNet is for SD 1.x/2.x; the base model is SDXL");
    for (const auto& [key, t] : w)
        if (key.find(".attn2.to_k.weight") != std::string::npos && t.dim() == 2 &&
            t.size(1) != base.cross_attention_dim)
            throw Error("this ControlNet reads text embeddings of width " +
                        std::to_string(t.size(1)) + ", the base model's text encoder gives " +
                        std::to_string(base.cross_attention_dim) +
                        " (a ControlNet of another model family)");

    // The hint encoder: convolutions at even indices (SiLUs between), the last one is conv_out.
    // cldm's block has 7 (widths 16, 32, 96, 256); the widths are read, never assumed.
    int64_t last = -1;
    const std::string hint = "input_hint_block.";
    for (const auto& [key, t] : w) {
        if (key.compare(0, hint.size(), hint) != 0) continue;
        const auto dot = key.find('.', hint.size());
        const std::string index = key.substr(hint.size(), dot - hint.size());
        if (index.empty() || index.size() > 3 ||
            !std::all_of(index.begin(), index.end(),
                         [](char ch) { return ch >= '0' && ch <= '9'; }))
            throw Error("ControlNet (original layout): unexpected weight '" + key + "'");
        last = std::max<int64_t>(last, std::stoll(index));
    }
    const int64_t stages = (last - 2) / 4;  // stride-2 stages
    if (last < 6 || last % 4 != 2)
        throw Error("ControlNet (original layout): input_hint_block has an unexpected shape");
    const auto& first = weight(w, "input_hint_block.0.weight");
    c.conditioning_channels = first.size(1);
    c.hint_channels = {first.size(0)};
    for (int64_t s = 1; s <= stages; ++s)
        c.hint_channels.push_back(weight(w, hint + std::to_string(4 * s) + ".weight").size(0));

    int64_t zero_convs = 0;
    while (w.count("zero_convs." + std::to_string(zero_convs) + ".0.weight")) ++zero_convs;
    if (zero_convs != c.down_residuals())
        throw Error("this ControlNet has " + std::to_string(zero_convs) +
                    " zero convolutions; the base model's UNet has " +
                    std::to_string(c.down_residuals()) +
                    " skip connections (a ControlNet of another model family)");
    c.validate();
    return c;
}

void ControlNetConfig::check_fits(const UNetConfig& base) const {
    auto family = [](const UNetConfig& c) {
        return std::string(c.takes_vector() ? "SDXL" : "SD 1.x/2.x") + " (text width " +
               std::to_string(c.cross_attention_dim) + ")";
    };
    if (unet.takes_vector() != base.takes_vector() ||
        unet.cross_attention_dim != base.cross_attention_dim)
        throw Error("this ControlNet is for " + family(unet) + " models; the model is " +
                    family(base));
    if (unet.block_out_channels != base.block_out_channels ||
        unet.layers_per_block != base.layers_per_block)
        throw Error(
            "this ControlNet's levels do not match the model's UNet (another model "
            "family or size)");
}

void ControlNetConfig::validate() const {
    unet.validate();
    if (!unet.addition_embed_type.empty() && !unet.takes_vector())
        throw Error("ControlNet config: addition_embed_type '" + unet.addition_embed_type +
                    "' is not supported");
    if (conditioning_channels <= 0 || hint_channels.size() < 2)
        throw Error("ControlNet config: the hint encoder needs at least two widths");
    for (int64_t ch : hint_channels)
        if (ch <= 0) throw Error("ControlNet config: hint widths must be positive");
}

}  // namespace reverie
