#pragma once
// A checkpoint turned into ready-to-run modules: text encoder(s) and tokenizer(s), UNet, VAE and,
// when its weights can be found, the TAESD preview decoder. Everything is in eval + inference
// mode.
#include <torch/torch.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/adapters/adapter_set.h"
#include "core/image/latent_preview.h"
#include "core/io/checkpoint.h"
#include "core/models/autoencoder_kl.h"
#include "core/models/clip_text_model.h"
#include "core/models/conditioning.h"
#include "core/models/controlnet.h"
#include "core/models/cuda_graph.h"
#include "core/models/module_offload.h"
#include "core/models/taesd.h"
#include "core/models/unet.h"
#include "core/text/tokenizer.h"

namespace reverie::pipeline {

struct LoadOptions {
    // The SD VAE overflows in fp16 on real images; keeping it in fp32 costs little.
    bool vae_fp32 = true;
    bool load_taesd = true;
    // On CUDA the UNet step replays as a CUDA graph after its first run at a size (see
    // core/models/cuda_graph.h); nothing changes on the CPU.
    bool cuda_graphs = true;
    // Sequential offload on a GPU (ModuleOffload): the text encoder, UNet and VAE wait in host
    // memory and each comes onto the device only while it runs, so SD 1.5 fits a 4 GB card. Costs
    // one upload per network per image; the UNet step then runs without a CUDA graph (a graph
    // holds the addresses of weights that each upload moves). TAESD stays on the device. Nothing
    // changes on the CPU.
    bool offload = false;
    // Whether a model loaded with these options on `device` is offloaded.
    bool offloads(const torch::Device& device) const { return offload && !device.is_cpu(); }
};

class LoadedModel {
  public:
    // Throws reverie::Error naming the file and what is wrong (missing vocabulary, shapes...).
    static std::shared_ptr<LoadedModel> load(const std::string& path, torch::Device device,
                                             torch::ScalarType dtype,
                                             const LoadOptions& options = {});

    const io::ModelDescription& description() const { return checkpoint_->description(); }
    torch::Device device() const { return device_; }
    torch::ScalarType dtype() const { return dtype_; }
    torch::ScalarType vae_dtype() const { return vae_dtype_; }
    bool inpainting_unet() const { return unet->config().in_channels == 9; }
    io::ModelFamily family() const { return description().family; }
    // The training resolution in pixels (8 × the UNet's sample_size; 512 for SD 1.x).
    int default_size() const { return default_size_; }

    // One UNet evaluation as the denoising loop needs it: sample and conditioning in the model's
    // dtype, timestep on the model's device. Replays a CUDA graph where LoadOptions::cuda_graphs
    // allows it.
    torch::Tensor run_unet(const torch::Tensor& sample, const torch::Tensor& timestep,
                           const Conditioning& cond);
    const GraphedCall& unet_graph() const { return *unet_graph_; }
    // Puts `component`'s network on the device before it runs (the others go back to the host)
    // when the model was loaded with LoadOptions::offload; nothing otherwise. The pipeline calls
    // it; other code that runs the networks directly must too.
    void use(io::Component component);
    // Null unless loaded with offload on a GPU.
    const ModuleOffload* offload() const { return offload_.get(); }
    ModuleOffload* offload() { return offload_.get(); }
    // TAESD's decode of a diffusion-space latent (on TAESD's device, in its dtype) to [0,1] RGB;
    // a CUDA graph where allowed. Requires `taesd`.
    torch::Tensor run_taesd(const torch::Tensor& latent);

    // The ControlNet at `path` (a diffusers folder or an original-layout file) for this model's
    // UNet, on its device in its dtype: read once, then kept (by path). Offloaded, it travels
    // with the UNet (they run in turn at every step). Throws reverie::Error naming the file and
    // what does not fit.
    ControlNetModel controlnet(const std::string& path);

    // The networks by their diffusers names (text_encoder, text_encoder_2, unet, vae), in the
    // order they run: what offloading moves, what `info` and the memory estimate list.
    std::vector<std::pair<std::string, torch::nn::Module*>> components() const;

    // Null when the model has no such network: SDXL adds text_encoder_2 (OpenCLIP bigG with its
    // projection); the SDXL refiner has only that one.
    ClipTextModel text_encoder{nullptr};
    ClipTextModel text_encoder_2{nullptr};
    UNet2DConditionModel unet{nullptr};
    AutoencoderKL vae{nullptr};
    std::shared_ptr<text::Tokenizer> tokenizer;  // CLIP BPE, or SentencePiece (built-in model)
    std::shared_ptr<text::Tokenizer> tokenizer_2;
    // Previews: TAESD when its weights are found — the model folder's own
    // preview_decoder/ or taesd/ first, since a latent space needs its own decoder — else the
    // linear projection: the model folder's latent_rgb.json, or the family's known factors. TAESD
    // sits beside the UNet on a GPU, in the model's dtype (a CPU decode would cost more than a
    // step there), and on the CPU in float32.
    std::optional<TaesdDecoder> taesd;
    image::LatentRgbProjection latent_projection;
    // LoRA/LyCORIS files merged into the weights and how to take them out (model_adapters.h).
    adapters::AdapterSet adapters;

  private:
    LoadedModel(std::shared_ptr<io::Checkpoint> checkpoint, torch::Device device,
                torch::ScalarType dtype)
        : checkpoint_(std::move(checkpoint)), device_(device), dtype_(dtype), vae_dtype_(dtype) {}

    std::shared_ptr<io::Checkpoint> checkpoint_;
    torch::Device device_;
    torch::ScalarType dtype_;
    torch::ScalarType vae_dtype_;
    int default_size_ = 512;
    std::unique_ptr<GraphedCall> unet_graph_;
    std::unique_ptr<GraphedCall> taesd_graph_;
    std::unique_ptr<ModuleOffload> offload_;
    std::map<std::string, ControlNetModel> controlnets_;  // by path, in load order of names
    std::vector<std::string> controlnet_order_;
};

// The tokenizer a model's (first) text encoder was trained with: its SentencePiece model, or CLIP
// BPE (the vocabulary from the model folder or, for single files, the asset resolver).
std::shared_ptr<text::Tokenizer> load_tokenizer(const io::ModelDescription& description);
// The same for any of its tokenizers (files and the encoder's positions).
std::shared_ptr<text::Tokenizer> load_tokenizer(const io::ModelDescription& description,
                                                const io::TokenizerFiles& files, int max_positions);

}  // namespace reverie::pipeline
