#include "core/models/vae_blocks.h"

#include "core/models/attention.h"
#include "core/models/resampling.h"
#include "core/models/resnet_block.h"

namespace reverie {
namespace {

ResnetBlock2D resnet(int64_t in, int64_t out, int64_t groups, double eps) {
    ResnetBlockOptions r;
    r.in_channels = in;
    r.out_channels = out;
    r.groups = groups;
    r.eps = eps;
    return ResnetBlock2D(r);
}

// Builds `layers` resnets (the first changes the width) into a new "resnets" list.
torch::nn::ModuleList resnet_stack(torch::nn::Module& owner, const VaeBlockOptions& o) {
    auto list = owner.register_module("resnets", torch::nn::ModuleList());
    for (int64_t i = 0; i < o.layers; ++i)
        list->push_back(
            resnet(i == 0 ? o.in_channels : o.out_channels, o.out_channels, o.groups, o.eps));
    return list;
}

torch::Tensor run_resnets(torch::nn::ModuleList& list, torch::Tensor x) {
    for (auto& r : *list) x = r->as<ResnetBlock2DImpl>()->forward(x);
    return x;
}

}  // namespace

DownEncoderBlock2DImpl::DownEncoderBlock2DImpl(const VaeBlockOptions& o) {
    resnets = resnet_stack(*this, o);
    if (o.resample) {
        downsamplers = register_module("downsamplers", torch::nn::ModuleList());
        downsamplers->push_back(Downsample2D(o.out_channels, /*padding=*/0));
    }
}

torch::Tensor DownEncoderBlock2DImpl::forward(torch::Tensor x) {
    x = run_resnets(resnets, x);
    return downsamplers ? downsamplers[0]->as<Downsample2DImpl>()->forward(x) : x;
}

UpDecoderBlock2DImpl::UpDecoderBlock2DImpl(const VaeBlockOptions& o) {
    resnets = resnet_stack(*this, o);
    if (o.resample) {
        upsamplers = register_module("upsamplers", torch::nn::ModuleList());
        upsamplers->push_back(Upsample2D(o.out_channels));
    }
}

torch::Tensor UpDecoderBlock2DImpl::forward(torch::Tensor x) {
    x = run_resnets(resnets, x);
    return upsamplers ? upsamplers[0]->as<Upsample2DImpl>()->forward(x) : x;
}

VaeMidBlockImpl::VaeMidBlockImpl(int64_t channels, int64_t groups, double eps) {
    resnets = register_module("resnets", torch::nn::ModuleList());
    attentions = register_module("attentions", torch::nn::ModuleList());
    AttentionOptions a;
    a.query_dim = channels;
    a.heads = 1;
    a.dim_head = channels;
    a.qkv_bias = true;
    a.upcast = true;
    a.norm_groups = groups;
    a.norm_eps = eps;
    resnets->push_back(resnet(channels, channels, groups, eps));
    attentions->push_back(Attention(a));
    resnets->push_back(resnet(channels, channels, groups, eps));
}

torch::Tensor VaeMidBlockImpl::forward(torch::Tensor x) {
    x = resnets[0]->as<ResnetBlock2DImpl>()->forward(x);
    x = attentions[0]->as<AttentionImpl>()->forward_spatial(x);
    return resnets[1]->as<ResnetBlock2DImpl>()->forward(x);
}

}  // namespace reverie
