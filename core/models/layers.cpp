#include "core/models/layers.h"

#include <cmath>

namespace reverie {
namespace {

thread_local bool t_skip_init = false;

// torch::nn's defaults for Linear and Conv2d, in the same order, so a seeded model built from
// these layers starts from the same numbers as one built from torch::nn's.
void init_like_torch(torch::Tensor& weight, torch::Tensor& bias) {
    if (t_skip_init) return;
    torch::NoGradGuard no_grad;
    torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
    if (bias.defined()) {
        const auto fan_in = std::get<0>(torch::nn::init::_calculate_fan_in_and_fan_out(weight));
        const double bound = 1.0 / std::sqrt(double(fan_in));
        torch::nn::init::uniform_(bias, -bound, bound);
    }
}

}  // namespace

SkipParameterInit::SkipParameterInit() : previous_(t_skip_init) {
    t_skip_init = true;
}
SkipParameterInit::~SkipParameterInit() {
    t_skip_init = previous_;
}
bool parameter_init_skipped() {
    return t_skip_init;
}

LinearImpl::LinearImpl(int64_t in, int64_t out, bool has_bias) {
    weight = register_parameter("weight", torch::empty({out, in}));
    if (has_bias) bias = register_parameter("bias", torch::empty({out}));
    init_like_torch(weight, bias);
}

Conv2dImpl::Conv2dImpl(const ConvOptions& o) : stride_(o.stride), padding_(o.padding) {
    weight = register_parameter("weight", torch::empty({o.out, o.in, o.kernel, o.kernel}));
    if (o.bias) bias = register_parameter("bias", torch::empty({o.out}));
    init_like_torch(weight, bias);
}

torch::Tensor Conv2dImpl::forward(const torch::Tensor& x) {
    return torch::conv2d(x, weight, bias, {stride_, stride_}, {padding_, padding_});
}

LayerNormImpl::LayerNormImpl(int64_t dim, double eps) : eps_(eps) {
    weight = register_parameter("weight", torch::empty({dim}));
    bias = register_parameter("bias", torch::empty({dim}));
    if (!t_skip_init) {
        torch::NoGradGuard no_grad;
        weight.fill_(1.0);
        bias.zero_();
    }
}

torch::Tensor LayerNormImpl::forward(const torch::Tensor& x) {
    return torch::layer_norm(x, {weight.size(0)}, weight, bias, eps_);
}

EmbeddingImpl::EmbeddingImpl(int64_t count, int64_t dim) {
    weight = register_parameter("weight", torch::empty({count, dim}));
    if (!t_skip_init) {
        torch::NoGradGuard no_grad;
        torch::nn::init::normal_(weight);
    }
}

}  // namespace reverie
