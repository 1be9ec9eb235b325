#include "app/cli/bench_networks.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "core/common/error.h"
#include "core/io/asset_resolver.h"
#include "core/io/model_description.h"
#include "core/training/diffusers_export.h"

namespace fs = std::filesystem;

namespace reverie::cli {

BenchModels bench_preset(const std::string& name) {
    if (name == "sd15") return {UNetConfig::sd15(), VaeConfig::sd(), ClipTextConfig::sd15()};
    if (name == "sd21") return {UNetConfig::sd21(), VaeConfig::sd(), ClipTextConfig::sd21()};
    if (name == "tiny") {
        BenchModels m{UNetConfig::sd15(), VaeConfig::sd(), ClipTextConfig::sd15()};
        m.unet.block_out_channels = {32, 32, 32, 64};
        m.unet.attention_heads = {4, 4, 4, 4};
        m.unet.cross_attention_dim = 16;
        m.vae.block_out_channels = {32, 32, 32, 32};
        m.text.hidden_size = 16;
        m.text.intermediate_size = 64;
        m.text.num_layers = 3;
        m.text.num_heads = 2;
        return m;
    }
    throw Error("unknown preset '" + name + "' (sd15, sd21, tiny)");
}

void export_random(const std::string& preset_name, const std::string& dir,
                   torch::ScalarType dtype) {
    const BenchModels cfg = bench_preset(preset_name);
    if (cfg.text.vocab_size != 49408)
        throw Error("--export writes a CLIP BPE tokenizer: only the sd15 preset has one");
    const io::AssetResolver assets;
    const auto vocab = assets.require("clip/vocab.json", "the exported model's tokenizer");
    const auto merges = assets.require("clip/merges.txt", "the exported model's tokenizer");
    const fs::path out(dir);
    training::save_networks(dir, ClipTextModel(cfg.text), {49406, 49407, 49407},
                            UNet2DConditionModel(cfg.unet), AutoencoderKL(cfg.vae), cfg.vae, 512,
                            dtype);
    fs::create_directories(out / "tokenizer");
    fs::copy_file(vocab, out / "tokenizer" / "vocab.json", fs::copy_options::overwrite_existing);
    fs::copy_file(merges, out / "tokenizer" / "merges.txt", fs::copy_options::overwrite_existing);
    training::write_json((out / "scheduler" / "scheduler_config.json").string(),
                         io::default_scheduler_config(io::Prediction::Epsilon));
    training::write_json((out / "model_index.json").string(),
                         training::model_index_json({"transformers", "CLIPTokenizer"}));
    std::printf("wrote %s (preset %s, random weights)\n", dir.c_str(), preset_name.c_str());
}

void BenchNetworks::use(io::Component component) {
    if (loaded) loaded->use(component);
    if (offloaded) offloaded->activate(io::to_string(component));
}

BenchNetworks load_bench_networks(const std::optional<std::string>& model,
                                  const std::string& preset_name, const torch::Device& device,
                                  torch::ScalarType dtype, bool offload,
                                  const DeviceTuning& tuning) {
    BenchNetworks n;
    if (model) {
        pipeline::LoadOptions load;
        load.vae_fp32 = false;
        load.cuda_graphs = false;
        load.offload = offload;
        const auto t0 = std::chrono::steady_clock::now();
        n.loaded = pipeline::LoadedModel::load(*model, device, dtype, load);
        n.load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                        .count();
        n.text = n.loaded->text_encoder;
        n.unet = n.loaded->unet;
        n.vae = n.loaded->vae;
        if (n.loaded->taesd) n.taesd = *n.loaded->taesd;
    } else {
        const BenchModels cfg = bench_preset(preset_name);
        const torch::Device home = offload ? torch::Device(torch::kCPU) : device;
        n.text = ClipTextModel(cfg.text);
        n.text->to(home, dtype);
        n.unet = UNet2DConditionModel(cfg.unet);
        n.unet->to(home, dtype);
        n.vae = AutoencoderKL(cfg.vae);
        n.vae->to(home, dtype);
        // As the pipeline: channels-last for the UNet; the VAE decoder measured slower so.
        tune_layout(*n.unet, device, tuning);
        if (offload) {
            n.offloaded = std::make_unique<ModuleOffload>(device);
            n.offloaded->add(io::to_string(io::Component::TextEncoder), n.text.ptr());
            n.offloaded->add(io::to_string(io::Component::UNet), n.unet.ptr());
            n.offloaded->add(io::to_string(io::Component::Vae), n.vae.ptr());
        }
    }
    n.taesd->to(device, dtype);
    tune_layout(*n.taesd, device, tuning);
    return n;
}

}  // namespace reverie::cli
