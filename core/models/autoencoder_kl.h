#pragma once
// AutoencoderKL: the SD VAE. encode() gives the moments of the latent posterior, sample() draws
// from it as diffusers does, decode() maps an (unscaled) latent back to an image. Parameters are
// registered under the diffusers names.
#include <torch/torch.h>

#include "core/models/layers.h"
#include "core/models/vae_coders.h"
#include "core/models/vae_config.h"

namespace reverie {

struct LatentMoments {
    torch::Tensor mean;    // [B, latent_channels, H/8, W/8]
    torch::Tensor logvar;  // same, clamped to [-30, 20]
};

class AutoencoderKLImpl : public torch::nn::Module {
  public:
    explicit AutoencoderKLImpl(const VaeConfig& config);

    // image [B, in_channels, H, W] in [-1, 1] (H, W multiples of 8 give exact halvings)
    LatentMoments encode(const torch::Tensor& image);
    // mean + exp(logvar/2)·ε with ε = randn(shape, generator) drawn on the CPU, as diffusers'
    // DiagonalGaussianDistribution.sample does; nullptr uses the global generator.
    torch::Tensor sample(const torch::Tensor& mean, const torch::Tensor& logvar,
                         torch::Generator* generator);
    // z [B, latent_channels, h, w], already divided by scaling_factor -> image [B, out, 8h, 8w]
    torch::Tensor decode(const torch::Tensor& z);
    // How tiles normalise in decode_tiled(): each by its own GroupNorm statistics (tiles disagree:
    // seams), or all by image-wide statistics estimated from a shrunken whole-image pass.
    enum class TileNorm { PerTile, ImageStats };
    // decode() with the up blocks (where the memory goes) run over overlapping tiles of
    // `tile_latent` latents, cross-faded linearly across `overlap` latents, so large images decode
    // in bounded memory. The mid block and its attention still see the whole latent.
    torch::Tensor decode_tiled(const torch::Tensor& z, int64_t tile_latent = 64,
                               int64_t overlap = 16, TileNorm norm = TileNorm::ImageStats);

    const VaeConfig& config() const { return config_; }
    double scaling_factor() const { return config_.scaling_factor; }

  private:
    VaeConfig config_;
    Encoder encoder{nullptr};
    Decoder decoder{nullptr};
    Conv2d quant_conv{nullptr}, post_quant_conv{nullptr};
};
TORCH_MODULE(AutoencoderKL);

}  // namespace reverie
