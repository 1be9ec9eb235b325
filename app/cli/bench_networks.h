#pragma once
// The networks `reverie-cli bench` times: the real SD architectures with random weights (a preset,
// no file needed) or a checkpoint loaded as the studio loads it.
#include <torch/torch.h>

#include <memory>
#include <optional>
#include <string>

#include "core/models/autoencoder_kl.h"
#include "core/models/clip_text_model.h"
#include "core/models/device_tuning.h"
#include "core/models/module_offload.h"
#include "core/models/taesd.h"
#include "core/models/unet.h"
#include "core/pipeline/loaded_model.h"

namespace reverie::cli {

struct BenchModels {
    UNetConfig unet;
    VaeConfig vae;
    ClipTextConfig text;
};

// sd15, sd21, or tiny (the golden test models' architecture: a smoke test for CI).
BenchModels bench_preset(const std::string& name);

// The preset's random weights as a diffusers folder, for timing loads of a real-sized checkpoint
// (SD 1.5 in fp16: 2.1 GB) without downloading one.
void export_random(const std::string& preset_name, const std::string& dir, torch::ScalarType dtype);

struct BenchNetworks {
    ClipTextModel text{nullptr};
    UNet2DConditionModel unet{nullptr};
    AutoencoderKL vae{nullptr};
    TaesdDecoder taesd;
    std::shared_ptr<pipeline::LoadedModel> loaded;  // with --model
    std::unique_ptr<ModuleOffload> offloaded;       // a preset under --offload
    double load_ms = -1;                            // the checkpoint's load time

    // Puts a network on the device before it runs (sequential offload; a no-op otherwise).
    void use(io::Component component);
    BenchModels configs() const { return {unet->config(), vae->config(), text->config()}; }
};

// `model`: a checkpoint loaded as the studio loads it (memory-mapped, converted, ready to run);
// otherwise the preset's networks with random weights, laid out as the pipeline lays them out.
BenchNetworks load_bench_networks(const std::optional<std::string>& model,
                                  const std::string& preset_name, const torch::Device& device,
                                  torch::ScalarType dtype, bool offload,
                                  const DeviceTuning& tuning);

}  // namespace reverie::cli
