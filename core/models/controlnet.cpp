#include "core/models/controlnet.h"

#include "core/common/error.h"
#include "core/models/resnet_block.h"
#include "core/models/unet_levels.h"

namespace reverie {

ControlNetConditioningEmbeddingImpl::ControlNetConditioningEmbeddingImpl(
    int64_t conditioning_channels, const std::vector<int64_t>& widths, int64_t out_channels) {
    conv_in = register_module("conv_in", conv3x3(conditioning_channels, widths.front()));
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (size_t i = 0; i + 1 < widths.size(); ++i) {
        blocks->push_back(conv3x3(widths[i], widths[i]));
        blocks->push_back(conv3x3(widths[i], widths[i + 1], /*stride=*/2));
    }
    conv_out = register_module("conv_out", conv3x3(widths.back(), out_channels));
}

torch::Tensor ControlNetConditioningEmbeddingImpl::forward(const torch::Tensor& hint) {
    // SiLU, as diffusers and cldm do (the paper's figure says ReLU).
    auto x = torch::silu(conv_in(hint));
    for (auto& block : *blocks) x = torch::silu(block->as<Conv2dImpl>()->forward(x));
    return conv_out(x);
}

ControlNetModelImpl::ControlNetModelImpl(const ControlNetConfig& config) : config_(config) {
    config_.validate();
    const UNetConfig& c = config_.unet;
    const auto& ch = c.block_out_channels;
    time_proj =
        register_module("time_proj", Timesteps(ch[0], c.flip_sin_to_cos, double(c.freq_shift)));
    time_embedding =
        register_module("time_embedding", TimestepEmbedding(ch[0], c.time_embed_dim()));
    if (c.takes_vector())
        add_embedding = register_module(
            "add_embedding",
            TimestepEmbedding(c.projection_class_embeddings_input_dim, c.time_embed_dim()));
    conv_in = register_module("conv_in", conv3x3(c.in_channels, ch[0]));
    controlnet_cond_embedding = register_module(
        "controlnet_cond_embedding", ControlNetConditioningEmbedding(config_.conditioning_channels,
                                                                     config_.hint_channels, ch[0]));

    // One zero convolution per skip connection, at that skip's width.
    down_blocks = register_module("down_blocks", torch::nn::ModuleList());
    controlnet_down_blocks = register_module("controlnet_down_blocks", torch::nn::ModuleList());
    controlnet_down_blocks->push_back(conv1x1(ch[0], ch[0]));
    for (int64_t i = 0; i < c.levels(); ++i) {
        const UNetBlockOptions o = down_block_options(c, i);
        down_blocks->push_back(DownBlock2D(o));
        const int64_t outputs = o.layers + (o.resample ? 1 : 0);
        for (int64_t k = 0; k < outputs; ++k)
            controlnet_down_blocks->push_back(conv1x1(ch[i], ch[i]));
    }
    mid_block = register_module("mid_block", UNetMidBlock2DCrossAttn(mid_block_options(c)));
    controlnet_mid_block = register_module("controlnet_mid_block", conv1x1(ch.back(), ch.back()));
}

ControlResiduals ControlNetModelImpl::forward(const torch::Tensor& sample,
                                              const torch::Tensor& timestep,
                                              const Conditioning& cond, const torch::Tensor& hint,
                                              const std::vector<double>& scales) {
    const UNetConfig& c = config_.unet;
    if (sample.dim() != 4 || sample.size(1) != c.in_channels)
        throw Error("ControlNet: expected a latent of shape [B, " + std::to_string(c.in_channels) +
                    ", H, W]");
    const int64_t b = sample.size(0);
    // Each stride-2 stage of the hint encoder halves the picture (3 of them: 1/8, the VAE's).
    const int64_t f = int64_t(1) << (config_.hint_channels.size() - 1);
    if (hint.dim() != 4 || hint.size(0) != b || hint.size(1) != config_.conditioning_channels ||
        hint.size(2) != sample.size(2) * f || hint.size(3) != sample.size(3) * f)
        throw Error("ControlNet: the control image must be [B, " +
                    std::to_string(config_.conditioning_channels) + ", " + std::to_string(f) +
                    "h, " + std::to_string(f) + "w] for a latent [B, " +
                    std::to_string(c.in_channels) + ", h, w]");
    if (c.takes_vector() != cond.vector.defined())
        throw Error(c.takes_vector() ? "ControlNet: this SDXL ControlNet needs the SDXL vector"
                                     : "ControlNet: this ControlNet takes no SDXL vector");
    if (cond.vector.defined() && cond.vector.size(1) != c.projection_class_embeddings_input_dim)
        throw Error("ControlNet: its size/crop conditioning is " +
                    std::to_string(c.projection_class_embeddings_input_dim) +
                    " values wide, the model's " + std::to_string(cond.vector.size(1)) +
                    " (a ControlNet of another model family)");
    const size_t outputs = size_t(config_.down_residuals()) + 1;
    if (scales.size() != 1 && scales.size() != outputs)
        throw Error("ControlNet: one scale, or one per output, expected");

    auto t = timestep.reshape({-1}).to(sample.device());
    if (t.numel() == 1) t = t.expand({b});
    auto emb = time_embedding(time_proj(t).to(sample.scalar_type()));
    if (add_embedding) emb = emb + add_embedding(cond.vector.to(emb.scalar_type()));

    torch::Tensor control = hint.to(sample.scalar_type());
    if (config_.bgr) control = control.flip({1});
    auto x = conv_in(sample) + controlnet_cond_embedding(control);
    std::vector<torch::Tensor> skips{x};
    for (auto& block : *down_blocks)
        x = block->as<DownBlock2DImpl>()->forward(x, emb, cond.context, skips);
    x = mid_block(x, emb, cond.context);

    auto scaled = [&](torch::Tensor r, size_t i) {
        r = r * (scales.size() == 1 ? scales[0] : scales[i]);
        return config_.global_pool_conditions ? r.mean({2, 3}, /*keepdim=*/true) : r;
    };
    ControlResiduals out;
    for (size_t i = 0; i < skips.size(); ++i)
        out.down.push_back(
            scaled(controlnet_down_blocks[i]->as<Conv2dImpl>()->forward(skips[i]), i));
    out.mid = scaled(controlnet_mid_block(x), outputs - 1);
    return out;
}

}  // namespace reverie
