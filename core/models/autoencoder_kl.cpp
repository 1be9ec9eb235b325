#include "core/models/autoencoder_kl.h"

#include "core/common/error.h"
#include "core/models/resnet_block.h"

namespace reverie {

AutoencoderKLImpl::AutoencoderKLImpl(const VaeConfig& config) : config_(config) {
    config_.validate();
    const int64_t moments = 2 * config_.latent_channels;
    encoder = register_module("encoder", Encoder(config_));
    decoder = register_module("decoder", Decoder(config_));
    quant_conv = register_module("quant_conv", conv1x1(moments, moments));
    post_quant_conv = register_module("post_quant_conv",
                                      conv1x1(config_.latent_channels, config_.latent_channels));
}

LatentMoments AutoencoderKLImpl::encode(const torch::Tensor& image) {
    if (image.dim() != 4 || image.size(1) != config_.in_channels)
        throw Error("VAE: expected an image of shape [B, " + std::to_string(config_.in_channels) +
                    ", H, W]");
    auto halves = quant_conv(encoder(image)).chunk(2, 1);
    return {halves[0], halves[1].clamp(-30.0, 20.0)};
}

torch::Tensor AutoencoderKLImpl::sample(const torch::Tensor& mean, const torch::Tensor& logvar,
                                        torch::Generator* generator) {
    // The CPU normal sampler is what diffusers' seeds reproduce; reduced precision draws in
    // fp32, which older CPU builds lack kernels for otherwise.
    const auto dt = mean.scalar_type();
    const bool reduced = dt == torch::kHalf || dt == torch::kBFloat16;
    auto opts = torch::TensorOptions().dtype(reduced ? torch::kFloat32 : dt).device(torch::kCPU);
    auto gen = generator ? c10::optional<torch::Generator>(*generator) : c10::nullopt;
    auto noise = torch::randn(mean.sizes(), gen, opts).to(mean.device(), dt);
    return mean + torch::exp(0.5 * logvar) * noise;
}

torch::Tensor AutoencoderKLImpl::decode(const torch::Tensor& z) {
    if (z.dim() != 4 || z.size(1) != config_.latent_channels)
        throw Error("VAE: expected a latent of shape [B, " +
                    std::to_string(config_.latent_channels) + ", h, w]");
    return decoder(post_quant_conv(z));
}

}  // namespace reverie
