#include "core/models/unet_blocks.h"

#include "core/models/resampling.h"
#include "core/models/resnet_block.h"

namespace reverie {
namespace {

ResnetBlock2D resnet(const UNetBlockOptions& o, int64_t in, int64_t out) {
    ResnetBlockOptions r;
    r.in_channels = in;
    r.out_channels = out;
    r.temb_channels = o.temb_channels;
    r.groups = o.groups;
    r.eps = o.eps;
    return ResnetBlock2D(r);
}

Transformer2DModel transformer(const UNetBlockOptions& o, int64_t channels) {
    TransformerOptions t = o.transformer;
    t.channels = channels;
    t.norm_groups = o.groups;
    return Transformer2DModel(t);
}

template <typename T>
T& child(torch::nn::ModuleList& list, size_t i) {
    return *list[i]->as<T>();
}

}  // namespace

DownBlock2DImpl::DownBlock2DImpl(const UNetBlockOptions& o) {
    resnets = register_module("resnets", torch::nn::ModuleList());
    if (o.cross_attention) attentions = register_module("attentions", torch::nn::ModuleList());
    for (int64_t i = 0; i < o.layers; ++i) {
        resnets->push_back(resnet(o, i == 0 ? o.in_channels : o.out_channels, o.out_channels));
        if (attentions) attentions->push_back(transformer(o, o.out_channels));
    }
    if (o.resample) {
        downsamplers = register_module("downsamplers", torch::nn::ModuleList());
        downsamplers->push_back(Downsample2D(o.out_channels, /*padding=*/1));
    }
}

torch::Tensor DownBlock2DImpl::forward(torch::Tensor x, const torch::Tensor& temb,
                                       const torch::Tensor& context,
                                       std::vector<torch::Tensor>& skips) {
    for (size_t i = 0; i < resnets->size(); ++i) {
        x = child<ResnetBlock2DImpl>(resnets, i).forward(x, temb);
        if (attentions) x = child<Transformer2DModelImpl>(attentions, i).forward(x, context);
        skips.push_back(x);
    }
    if (downsamplers) {
        x = child<Downsample2DImpl>(downsamplers, 0).forward(x);
        skips.push_back(x);
    }
    return x;
}

UNetMidBlock2DCrossAttnImpl::UNetMidBlock2DCrossAttnImpl(const UNetBlockOptions& o) {
    resnets = register_module("resnets", torch::nn::ModuleList());
    attentions = register_module("attentions", torch::nn::ModuleList());
    resnets->push_back(resnet(o, o.in_channels, o.in_channels));
    for (int64_t i = 0; i < o.layers; ++i) {
        attentions->push_back(transformer(o, o.in_channels));
        resnets->push_back(resnet(o, o.in_channels, o.in_channels));
    }
}

torch::Tensor UNetMidBlock2DCrossAttnImpl::forward(torch::Tensor x, const torch::Tensor& temb,
                                                   const torch::Tensor& context) {
    x = child<ResnetBlock2DImpl>(resnets, 0).forward(x, temb);
    for (size_t i = 0; i < attentions->size(); ++i) {
        x = child<Transformer2DModelImpl>(attentions, i).forward(x, context);
        x = child<ResnetBlock2DImpl>(resnets, i + 1).forward(x, temb);
    }
    return x;
}

UpBlock2DImpl::UpBlock2DImpl(const UNetBlockOptions& o) {
    resnets = register_module("resnets", torch::nn::ModuleList());
    if (o.cross_attention) attentions = register_module("attentions", torch::nn::ModuleList());
    for (int64_t i = 0; i < o.layers; ++i) {
        // The last resnet takes the skip from the level above (in_channels), the others skips of
        // this level's own width.
        const int64_t skip = i == o.layers - 1 ? o.in_channels : o.out_channels;
        const int64_t in = i == 0 ? o.prev_output_channels : o.out_channels;
        resnets->push_back(resnet(o, in + skip, o.out_channels));
        if (attentions) attentions->push_back(transformer(o, o.out_channels));
    }
    if (o.resample) {
        upsamplers = register_module("upsamplers", torch::nn::ModuleList());
        upsamplers->push_back(Upsample2D(o.out_channels));
    }
}

torch::Tensor UpBlock2DImpl::forward(torch::Tensor x, const torch::Tensor& temb,
                                     const torch::Tensor& context,
                                     std::vector<torch::Tensor>& skips,
                                     const std::optional<std::vector<int64_t>>& upsample_size) {
    for (size_t i = 0; i < resnets->size(); ++i) {
        x = torch::cat({x, skips.back()}, 1);
        skips.pop_back();
        x = child<ResnetBlock2DImpl>(resnets, i).forward(x, temb);
        if (attentions) x = child<Transformer2DModelImpl>(attentions, i).forward(x, context);
    }
    if (upsamplers) x = child<Upsample2DImpl>(upsamplers, 0).forward(x, upsample_size);
    return x;
}

}  // namespace reverie
