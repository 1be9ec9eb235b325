#include "core/models/unet.h"

#include <algorithm>

#include "core/common/error.h"
#include "core/models/resnet_block.h"

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

    UNetBlockOptions base;
    base.temb_channels = c.time_embed_dim();
    base.layers = c.layers_per_block;
    base.groups = c.norm_num_groups;
    base.eps = c.norm_eps;
    base.transformer.cross_attention_dim = c.cross_attention_dim;
    base.transformer.use_linear_projection = c.use_linear_projection;
    base.transformer.upcast_attention = c.upcast_attention;

    down_blocks = register_module("down_blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < n; ++i) {
        UNetBlockOptions o = base;
        o.in_channels = i == 0 ? ch[0] : ch[i - 1];
        o.out_channels = ch[i];
        o.cross_attention = c.down_block_types[i] == "CrossAttnDownBlock2D";
        o.resample = i < n - 1;
        o.transformer.heads = c.attention_heads[i];
        o.transformer.layers = c.transformer_depth(i);
        down_blocks->push_back(DownBlock2D(o));
    }

    UNetBlockOptions mid = base;
    mid.in_channels = mid.out_channels = ch[n - 1];
    mid.layers = 1;
    mid.transformer.heads = c.attention_heads[n - 1];
    mid.transformer.layers = c.mid_transformer_depth();
    mid_block = register_module("mid_block", UNetMidBlock2DCrossAttn(mid));

    // Up level i mirrors down level n-1-i; each resnet gets one more layer to eat the
    // downsampler's skip.
    up_blocks = register_module("up_blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < n; ++i) {
        const int64_t level = n - 1 - i;
        UNetBlockOptions o = base;
        o.layers = c.layers_per_block + 1;
        o.prev_output_channels = i == 0 ? ch[n - 1] : ch[level + 1];
        o.out_channels = ch[level];
        o.in_channels = ch[std::max<int64_t>(level - 1, 0)];
        o.cross_attention = c.up_block_types[i] == "CrossAttnUpBlock2D";
        o.resample = i < n - 1;
        o.transformer.heads = c.attention_heads[level];
        o.transformer.layers = c.transformer_depth(level);
        up_blocks->push_back(UpBlock2D(o));
    }

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

    x = mid_block(x, emb, encoder_hidden_states);

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
