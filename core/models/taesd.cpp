#include "core/models/taesd.h"

#include <sstream>

#include "core/common/error.h"
#include "core/io/safetensors.h"

namespace reverie {
namespace nn = torch::nn;
namespace F = torch::nn::functional;

namespace {

Conv2d conv3x3(int64_t in, int64_t out, int64_t stride = 1, bool bias = true) {
    return Conv2d(ConvOptions{in, out, 3, stride, 1, bias});
}

Conv2d conv1x1(int64_t in, int64_t out) {
    return Conv2d(ConvOptions{in, out, 1, 1, 0, false});
}

std::string shape_str(const torch::Tensor& t) {
    std::ostringstream os;
    os << t.sizes();
    return os.str();
}

void require(const StateDict& weights, const std::string& key, int64_t dim, const std::string& what,
             const char* half) {
    auto it = weights.find(key);
    if (it == weights.end())
        throw Error(what + ": not a TAESD " + half + " in the madebyollin/taesd layout (no '" +
                    key + "'); supported are taesd/taesdxl/taesd3/taef1/taef2 " + half + " files");
    if (it->second.dim() != dim)
        throw Error(what + ": TAESD weight '" + key + "' has shape " + shape_str(it->second) +
                    ", expected a " + std::to_string(dim) + "-d tensor");
}

// Loads and refuses leftovers: an extra layer means a different architecture, whose output would
// be garbage if we ignored it.
void load_exactly(nn::Module& module, const StateDict& weights, const std::string& what) {
    const auto unused = load_weights(module, weights, what);
    if (!unused.empty())
        throw Error(what +
                    ": unsupported TAESD variant, the file has weights this layout lacks ('" +
                    unused.front() + "' and " + std::to_string(unused.size() - 1) + " more)");
}

// The keys that identify one half of the upstream layout and carry its numbers.
struct Layout {
    const char* half;
    const char* first_conv;  // its output channels are the width
    const char* last_block;  // present only if the whole stack is there
    const char* last_conv;
    const char* latent_conv;  // whose shape holds the latent channels
    int latent_dim;           // 0: output channels, 1: input channels
    const char* pool;         // FLUX.2's GroupNorm branch, if any
};

constexpr Layout kEncoderLayout{"encoder",   "0.weight", "13.conv.0.weight", "14.weight",
                                "14.weight", 0,          "11.pool.0.weight"};
constexpr Layout kDecoderLayout{"decoder",  "1.weight", "18.conv.0.weight", "19.weight",
                                "1.weight", 1,          "3.pool.0.weight"};

TaesdConfig detect_config(const Layout& layout, const StateDict& weights, const std::string& what) {
    for (const char* key : {layout.first_conv, layout.last_block, layout.last_conv})
        require(weights, key, 4, what, layout.half);
    TaesdConfig config;
    config.width = weights.at(layout.first_conv).size(0);
    config.latent_channels = weights.at(layout.latent_conv).size(layout.latent_dim);
    config.midblock_gn = weights.count(layout.pool) != 0;
    return config;
}

template <class Holder>
Holder build(const TaesdConfig& config, const StateDict& weights, const std::string& what) {
    Holder module(config);
    load_exactly(*module, weights, what);
    module->eval();
    return module;
}

StateDict read_state_dict(const std::string& path) {
    auto file = io::SafetensorsFile::open(path);
    StateDict weights;
    for (const auto& key : file->keys()) weights.emplace(key, file->tensor(key));
    return weights;
}

}  // namespace

TaesdBlockImpl::TaesdBlockImpl(int64_t n_in, int64_t n_out, bool midblock_gn) {
    conv_ = register_module(
        "conv", nn::Sequential(conv3x3(n_in, n_out), nn::ReLU(), conv3x3(n_out, n_out), nn::ReLU(),
                               conv3x3(n_out, n_out)));
    if (n_in != n_out) skip_ = register_module("skip", conv1x1(n_in, n_out));
    if (midblock_gn) {
        const int64_t wide = n_in * 4;
        pool_ = register_module("pool", nn::Sequential(conv1x1(n_in, wide),
                                                       nn::GroupNorm(nn::GroupNormOptions(4, wide)),
                                                       nn::ReLU(), conv1x1(wide, n_in)));
    }
}

torch::Tensor TaesdBlockImpl::forward(torch::Tensor x) {
    if (pool_) x = x + pool_->forward(x);
    torch::Tensor skip = skip_ ? skip_->forward(x) : x;
    return torch::relu(conv_->forward(x) + skip);
}

void TaesdStackImpl::add_conv(int64_t in, int64_t out, int64_t stride, bool bias) {
    auto conv = register_module(std::to_string(layers_.size()), conv3x3(in, out, stride, bias));
    layers_.push_back([conv](const torch::Tensor& x) { return conv->forward(x); });
}

void TaesdStackImpl::add_block(bool midblock_gn) {
    auto block = register_module(std::to_string(layers_.size()),
                                 TaesdBlock(config_.width, config_.width, midblock_gn));
    layers_.push_back([block](const torch::Tensor& x) { return block->forward(x); });
}

void TaesdStackImpl::add_function(std::function<torch::Tensor(const torch::Tensor&)> f) {
    layers_.push_back(std::move(f));
}

void TaesdStackImpl::check_input(const torch::Tensor& x, int64_t channels, const char* what) const {
    if (x.dim() != 4 || x.size(1) != channels)
        throw Error(std::string("TAESD ") + what + ": expected a [N," + std::to_string(channels) +
                    ",H,W] tensor, got " + shape_str(x));
}

torch::Tensor TaesdStackImpl::run_layers(torch::Tensor x) {
    for (const auto& layer : layers_) x = layer(x);
    return x;
}

TaesdEncoderImpl::TaesdEncoderImpl(const TaesdConfig& config) : TaesdStackImpl(config) {
    const int64_t w = config_.width;
    add_conv(3, w, 1, true);
    add_block(false);
    // Three stride-2 stages; FLUX.2's GroupNorm branch sits only in the last, at latent resolution.
    for (int stage = 0; stage < 3; ++stage) {
        add_conv(w, w, 2, false);
        for (int i = 0; i < 3; ++i) add_block(stage == 2 && config_.midblock_gn);
    }
    add_conv(w, config_.latent_channels, 1, true);
}

torch::Tensor TaesdEncoderImpl::forward(torch::Tensor image) {
    check_input(image, 3, "encoder input");
    return run_layers(image);
}

TaesdDecoderImpl::TaesdDecoderImpl(const TaesdConfig& config) : TaesdStackImpl(config) {
    const int64_t w = config_.width;
    // Soft clamp to (-3, 3): keeps out-of-distribution latents from blowing up the preview.
    add_function([](const torch::Tensor& x) { return torch::tanh(x / 3) * 3; });
    add_conv(config_.latent_channels, w, 1, true);
    add_function([](const torch::Tensor& x) { return torch::relu(x); });
    for (int i = 0; i < 3; ++i) add_block(config_.midblock_gn);
    const auto upsample = [](const torch::Tensor& x) {
        return F::interpolate(x, F::InterpolateFuncOptions()
                                     .scale_factor(std::vector<double>{2.0, 2.0})
                                     .mode(torch::kNearest));
    };
    for (int stage = 0; stage < 3; ++stage) {
        add_function(upsample);
        add_conv(w, w, 1, false);
        for (int i = 0; i < (stage == 2 ? 1 : 3); ++i) add_block(false);
    }
    add_conv(w, 3, 1, true);
}

torch::Tensor TaesdDecoderImpl::forward(torch::Tensor latent) {
    check_input(latent, config_.latent_channels, "decoder input");
    return run_layers(latent);
}

TaesdConfig taesd_encoder_config(const StateDict& weights, const std::string& what) {
    return detect_config(kEncoderLayout, weights, what);
}

TaesdConfig taesd_decoder_config(const StateDict& weights, const std::string& what) {
    return detect_config(kDecoderLayout, weights, what);
}

TaesdEncoder make_taesd_encoder(const StateDict& weights, const std::string& what) {
    return build<TaesdEncoder>(taesd_encoder_config(weights, what), weights, what);
}

TaesdDecoder make_taesd_decoder(const StateDict& weights, const std::string& what) {
    return build<TaesdDecoder>(taesd_decoder_config(weights, what), weights, what);
}

TaesdEncoder load_taesd_encoder(const std::string& path) {
    return make_taesd_encoder(read_state_dict(path), "TAESD encoder " + path);
}

TaesdDecoder load_taesd_decoder(const std::string& path) {
    return make_taesd_decoder(read_state_dict(path), "TAESD decoder " + path);
}

torch::Tensor taesd_scale_latents(const torch::Tensor& latent) {
    return (latent / 6 + 0.5).clamp(0, 1);
}

torch::Tensor taesd_unscale_latents(const torch::Tensor& scaled) {
    return (scaled - 0.5) * 6;
}

}  // namespace reverie
