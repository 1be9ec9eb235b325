#include "core/models/transformer_2d.h"

#include "core/models/resnet_block.h"

namespace reverie {

GEGLUImpl::GEGLUImpl(int64_t dim, int64_t inner) {
    proj = register_module("proj", Linear(dim, inner * 2));
}

torch::Tensor GEGLUImpl::forward(const torch::Tensor& x) {
    auto halves = proj(x).chunk(2, -1);
    return halves[0] * torch::gelu(halves[1]);
}

FeedForwardImpl::FeedForwardImpl(int64_t dim) {
    net = register_module("net", torch::nn::ModuleList());
    geglu_ = GEGLU(dim, dim * 4);
    out_ = Linear(dim * 4, dim);
    net->push_back(geglu_);
    net->push_back(torch::nn::Identity());  // dropout slot, keeps `net.2` at index 2
    net->push_back(out_);
}

torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x) {
    return out_(geglu_(x));
}

namespace {
LayerNorm layer_norm(int64_t dim) {
    return LayerNorm(dim, 1e-5);
}
}  // namespace

BasicTransformerBlockImpl::BasicTransformerBlockImpl(const TransformerOptions& o) {
    AttentionOptions a;
    a.query_dim = o.channels;
    a.heads = o.heads;
    a.dim_head = o.channels / o.heads;
    a.upcast = o.upcast_attention;
    norm1 = register_module("norm1", layer_norm(o.channels));
    attn1 = register_module("attn1", Attention(a));
    norm2 = register_module("norm2", layer_norm(o.channels));
    a.cross_attention_dim = o.cross_attention_dim;
    attn2 = register_module("attn2", Attention(a));
    norm3 = register_module("norm3", layer_norm(o.channels));
    ff = register_module("ff", FeedForward(o.channels));
}

torch::Tensor BasicTransformerBlockImpl::forward(const torch::Tensor& x,
                                                 const torch::Tensor& context) {
    auto h = attn1(norm1(x)) + x;
    h = attn2(norm2(h), context) + h;
    return ff(norm3(h)) + h;
}

Transformer2DModelImpl::Transformer2DModelImpl(const TransformerOptions& o)
    : linear_(o.use_linear_projection) {
    // diffusers fixes this norm's eps at 1e-6, unlike the resnets' norm_eps.
    norm = register_module("norm", group_norm(o.norm_groups, o.channels, 1e-6));
    if (linear_) {
        proj_in = torch::nn::AnyModule(Linear(o.channels, o.channels));
        proj_out = torch::nn::AnyModule(Linear(o.channels, o.channels));
    } else {
        proj_in = torch::nn::AnyModule(conv1x1(o.channels, o.channels));
        proj_out = torch::nn::AnyModule(conv1x1(o.channels, o.channels));
    }
    register_module("proj_in", proj_in.ptr());
    transformer_blocks = register_module("transformer_blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < o.layers; ++i) transformer_blocks->push_back(BasicTransformerBlock(o));
    register_module("proj_out", proj_out.ptr());
}

torch::Tensor Transformer2DModelImpl::forward(const torch::Tensor& x,
                                              const torch::Tensor& context) {
    const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    auto to_seq = [&](const torch::Tensor& t) {  // [B, C, H, W] -> [B, H·W, C]
        return t.permute({0, 2, 3, 1}).reshape({b, h * w, c});
    };
    auto to_map = [&](const torch::Tensor& t) {  // [B, H·W, C] -> [B, C, H, W]
        return t.reshape({b, h, w, c}).permute({0, 3, 1, 2}).contiguous();
    };
    auto hs = norm(x);
    hs = linear_ ? proj_in.forward(to_seq(hs)) : to_seq(proj_in.forward(hs));
    for (auto& block : *transformer_blocks)
        hs = block->as<BasicTransformerBlock>()->forward(hs, context);
    hs = linear_ ? to_map(proj_out.forward(hs)) : proj_out.forward(to_map(hs));
    return hs + x;
}

}  // namespace reverie
