#include "core/models/unet.h"

#include <algorithm>

#include "core/common/error.h"
#include "core/models/resnet_block.h"
#include "core/models/unet_levels.h"

namespace reverie {

UNet2DConditionModelImpl::UNet2DConditionModelImpl(const UNetConfig& config) : config_(config) {
    const UNetConfig& c = config_;
    c.validate();
    const auto& ch = c.block_out_channels;
    const int64_t n = c.levels();

    time_proj_ =
        register_module("time_proj", Timesteps(ch[0], c.flip_sin_to_cos, double(c.freq_shift)));
    time_embedding_ =
        register_module("time_embedding", TimestepEmbedding(ch[0], c.time_embed_dim()));
    if (c.addition_embed_type == "text")
        text_embedding_ = register_module(
            "add_embedding", TextTimeEmbedding(c.cross_attention_dim, c.time_embed_dim(),
                                               c.addition_embed_type_num_heads));
    if (c.takes_vector()) {
        add_time_proj_ = register_module(
            "add_time_proj", Timesteps(c.addition_time_embed_dim, /*flip_sin_to_cos=*/true, 0.0));
        vector_embedding_ = register_module(
            "add_embedding",
            TimestepEmbedding(c.projection_class_embeddings_input_dim, c.time_embed_dim()));
    }
    conv_in = register_module("conv_in", conv3x3(c.in_channels, ch[0]));

    down_blocks = register_module("down_blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < n; ++i) down_blocks->push_back(DownBlock2D(down_block_options(c, i)));
    mid_block = register_module("mid_block", UNetMidBlock2DCrossAttn(mid_block_options(c)));
    up_blocks = register_module("up_blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < n; ++i) up_blocks->push_back(UpBlock2D(up_block_options(c, i)));

    conv_norm_out =
        register_module("conv_norm_out", group_norm(c.norm_num_groups, ch[0], c.norm_eps));
    conv_out = register_module("conv_out", conv3x3(ch[0], c.out_channels));
}

torch::Tensor UNet2DConditionModelImpl::time_proj(const torch::Tensor& t) {
    return time_proj_(t);
}

torch::Tensor UNet2DConditionModelImpl::time_embedding(const torch::Tensor& t_emb) {
    return time_embedding_(t_emb);
}

torch::Tensor UNet2DConditionModelImpl::text_time_vector(const torch::Tensor& text_embeds,
                                                         const torch::Tensor& time_ids) {
    if (!add_time_proj_) throw Error("UNet: this model takes no size/crop conditioning");
    if (text_embeds.dim() != 2 || time_ids.dim() != 2 || text_embeds.size(0) != time_ids.size(0))
        throw Error("UNet: text_embeds [B, P] and time_ids [B, K] expected");
    const int64_t b = time_ids.size(0);
    auto time_embeds = add_time_proj_(time_ids.flatten()).reshape({b, -1});
    auto v =
        torch::cat({text_embeds.to(torch::kFloat32), time_embeds.to(text_embeds.device())}, -1);
    if (v.size(1) != config_.projection_class_embeddings_input_dim)
        throw Error("UNet: the pooled text embedding and " + std::to_string(time_ids.size(1)) +
                    " time ids make a vector of " + std::to_string(v.size(1)) +
                    " values; this UNet takes " +
                    std::to_string(config_.projection_class_embeddings_input_dim));
    return v;
}

torch::Tensor UNet2DConditionModelImpl::forward(const torch::Tensor& latent,
                                                const torch::Tensor& timestep,
                                                const Conditioning& cond) {
    const torch::Tensor sample = cond.concat.defined()
                                     ? torch::cat({latent, cond.concat.to(latent.scalar_type())}, 1)
                                     : latent;
    const torch::Tensor& encoder_hidden_states = cond.context;
    if (sample.dim() != 4 || sample.size(1) != config_.in_channels)
        throw Error("UNet: expected a latent of shape [B, " + std::to_string(config_.in_channels) +
                    ", H, W]");
    if (config_.takes_vector() != cond.vector.defined())
        throw Error(config_.takes_vector()
                        ? "UNet: this SDXL-family UNet needs the pooled text + size vector"
                        : "UNet: this UNet takes no pooled text + size vector");
    const int64_t b = sample.size(0);
    auto t = timestep.reshape({-1}).to(sample.device());
    if (t.numel() == 1) t = t.expand({b});
    if (t.numel() != b) throw Error("UNet: one timestep per batch item, or a single one, expected");

    // The sinusoids are computed in fp32 and only then cast to the model's dtype.
    auto emb = time_embedding_(time_proj_(t).to(sample.scalar_type()));
    if (text_embedding_) emb = emb + text_embedding_(encoder_hidden_states);
    if (vector_embedding_) emb = emb + vector_embedding_(cond.vector.to(emb.scalar_type()));

    std::vector<torch::Tensor> skips;
    auto x = conv_in(sample);
    skips.push_back(x);
    for (auto& block : *down_blocks)
        x = block->as<DownBlock2DImpl>()->forward(x, emb, encoder_hidden_states, skips);

    // ControlNet: its residuals join the skip connections (the path down is left as it was) and
    // the mid block's output.
    if (!cond.down_residuals.empty()) {
        if (cond.down_residuals.size() != skips.size() || !cond.mid_residual.defined())
            throw Error("UNet: " + std::to_string(cond.down_residuals.size()) +
                        " ControlNet residuals for " + std::to_string(skips.size()) +
                        " skip connections (a ControlNet of another model family?)");
        for (size_t i = 0; i < skips.size(); ++i) skips[i] = skips[i] + cond.down_residuals[i];
    }
    x = mid_block(x, emb, encoder_hidden_states);
    if (cond.mid_residual.defined()) x = x + cond.mid_residual;

    for (size_t i = 0; i < up_blocks->size(); ++i) {
        auto* block = up_blocks[i]->as<UpBlock2DImpl>();
        // The upsampler must produce the size of the next level's first skip, which sits just
        // below the skips this block consumes; odd sizes make it 2H-1 rather than 2H.
        std::optional<std::vector<int64_t>> size;
        const size_t consumed = size_t(config_.layers_per_block + 1);
        if (i + 1 < up_blocks->size() && skips.size() > consumed) {
            const auto& next = skips[skips.size() - consumed - 1];
            size = std::vector<int64_t>{next.size(2), next.size(3)};
        }
        x = block->forward(x, emb, encoder_hidden_states, skips, size);
    }
    return conv_out(torch::silu(conv_norm_out(x)));
}

}  // namespace reverie
