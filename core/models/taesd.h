#pragma once
// TAESD, the tiny autoencoder of madebyollin/taesd: a few hundred thousand parameters that turn
// latents into a preview image (and back) in a fraction of the real VAE's time.
//
// Conventions follow the upstream files, not the SD VAE: the encoder takes images in [0, 1] and
// returns diffusion-space latents (already multiplied by the VAE scaling factor); the decoder takes
// diffusion-space latents and returns images in about [0, 1] (not clamped).
//
// Parameters are registered under the upstream `nn.Sequential` indices (`3.conv.0.weight`), so a
// converted `taesd_decoder.safetensors` loads with reverie::load_weights as it is.
#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "core/models/layers.h"
#include "core/models/state_dict.h"
#include "core/models/taesd_config.h"

namespace reverie {

// conv-ReLU-conv-ReLU-conv plus a skip, then ReLU; optionally preceded by FLUX.2's GroupNorm
// branch.
class TaesdBlockImpl : public torch::nn::Module {
  public:
    TaesdBlockImpl(int64_t n_in, int64_t n_out, bool midblock_gn);
    torch::Tensor forward(torch::Tensor x);

  private:
    torch::nn::Sequential conv_{nullptr};
    Conv2d skip_{nullptr};  // only when the channel count changes
    torch::nn::Sequential pool_{nullptr};
};
TORCH_MODULE(TaesdBlock);

// The layers of one TAESD half, in upstream order; layers without weights (clamp, ReLU,
// upsampling) keep their index free, as in the upstream Sequential.
class TaesdStackImpl : public torch::nn::Module {
  public:
    const TaesdConfig& config() const { return config_; }

  protected:
    explicit TaesdStackImpl(const TaesdConfig& config) : config_(config) {}
    torch::Tensor run_layers(torch::Tensor x);
    void add_conv(int64_t in, int64_t out, int64_t stride, bool bias);
    void add_block(bool midblock_gn);
    void add_function(std::function<torch::Tensor(const torch::Tensor&)> f);
    void check_input(const torch::Tensor& x, int64_t channels, const char* what) const;

    TaesdConfig config_;

  private:
    std::vector<std::function<torch::Tensor(const torch::Tensor&)>> layers_;  // index = key index
};

class TaesdEncoderImpl : public TaesdStackImpl {
  public:
    explicit TaesdEncoderImpl(const TaesdConfig& config = {});
    // [N,3,H,W] in [0,1] -> [N,latent_channels,H/8,W/8] diffusion-space latent.
    torch::Tensor forward(torch::Tensor image);
};
TORCH_MODULE(TaesdEncoder);

class TaesdDecoderImpl : public TaesdStackImpl {
  public:
    explicit TaesdDecoderImpl(const TaesdConfig& config = {});
    // [N,latent_channels,h,w] diffusion-space latent -> [N,3,8h,8w], about [0,1].
    torch::Tensor forward(torch::Tensor latent);
};
TORCH_MODULE(TaesdDecoder);

// Configs read from the weights' shapes; `what` names the source in errors. A file of another
// layout (e.g. TAESANA's 32x encoder) is a reverie::Error saying so.
TaesdConfig taesd_encoder_config(const StateDict& weights, const std::string& what);
TaesdConfig taesd_decoder_config(const StateDict& weights, const std::string& what);

// Build the module that fits `weights` and load them; float32 on the CPU.
TaesdEncoder make_taesd_encoder(const StateDict& weights, const std::string& what);
TaesdDecoder make_taesd_decoder(const StateDict& weights, const std::string& what);

// The same from an upstream-keyed .safetensors file.
TaesdEncoder load_taesd_encoder(const std::string& path);
TaesdDecoder load_taesd_decoder(const std::string& path);

// Upstream's mapping between latents and 8-bit-storable values: clamp(x/6 + 0.5, 0, 1), and back.
torch::Tensor taesd_scale_latents(const torch::Tensor& latent);
torch::Tensor taesd_unscale_latents(const torch::Tensor& scaled);

}  // namespace reverie
