#include "core/pipeline/loaded_model.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/cpu_threads.h"
#include "core/common/error.h"
#include "core/io/asset_resolver.h"
#include "core/io/controlnet_file.h"
#include "core/io/keymap/ldm_keys.h"
#include "core/models/device_tuning.h"
#include "core/models/layers.h"
#include "core/models/unet_config.h"
#include "core/models/vae_config.h"
#include "core/text/clip_bpe_tokenizer.h"
#include "core/text/sentencepiece_tokenizer.h"

namespace reverie::pipeline {

namespace fs = std::filesystem;

namespace {

UNetConfig unet_preset(const io::ConfigSource& src) {
    if (src.preset == "sdxl") return UNetConfig::sdxl_base();
    if (src.preset == "sdxl-refiner") return UNetConfig::sdxl_refiner();
    if (src.preset == "sd15") return UNetConfig::sd15();
    if (src.preset == "sd15-inpaint") return UNetConfig::sd15_inpainting();
    if (src.preset == "sd21" || src.preset == "sd21-inpaint") {
        auto c = UNetConfig::sd21();
        if (src.preset == "sd21-inpaint") c.in_channels = 9;
        return c;
    }
    throw Error("unknown UNet preset '" + src.preset + "'");
}

UNetConfig unet_config(const io::ModelDescription& d) {
    using Kind = io::ConfigSource::Kind;
    const io::ConfigSource& src = d.unet_config;
    if (src.kind == Kind::DiffusersJson) return UNetConfig::from_diffusers_json(src.json);
    if (src.kind == Kind::LdmYaml) return UNetConfig::from_ldm_yaml(src.yaml);
    UNetConfig c = unet_preset(src);
    c.in_channels = d.unet_in_channels;  // inpainting variants of every preset
    return c;
}

VaeConfig vae_config(const io::ConfigSource& src, double scaling_factor) {
    using Kind = io::ConfigSource::Kind;
    VaeConfig c = src.kind == Kind::DiffusersJson ? VaeConfig::from_diffusers_json(src.json)
                  : src.kind == Kind::LdmYaml ? VaeConfig::from_ldm_yaml(src.yaml, scaling_factor)
                                              : VaeConfig::sd();
    c.scaling_factor = scaling_factor;
    return c;
}

std::string model_dir(const io::ModelDescription& d) {
    if (d.layout == io::CheckpointLayout::Diffusers) return d.path;
    return fs::path(d.path).parent_path().string();
}

// A model's own fitted latent->RGB projection (latent_rgb.json: {"factors": [[r,g,b] x4],
// "bias": [r,g,b]}), else the family's.
image::LatentRgbProjection load_latent_projection(const std::string& dir, io::ModelFamily family) {
    const fs::path file = fs::path(dir) / "latent_rgb.json";
    auto known =
        image::latent_rgb_projection(io::is_sdxl(family)              ? image::LatentFamily::SDXL
                                     : family == io::ModelFamily::SD2 ? image::LatentFamily::SD2
                                                                      : image::LatentFamily::SD1);
    if (!fs::is_regular_file(file)) return known;
    try {
        std::ifstream in(file);
        const auto j = nlohmann::json::parse(in);
        image::LatentRgbProjection p{};
        for (int c = 0; c < 4; ++c)
            for (int k = 0; k < 3; ++k) p.factors[c][k] = j.at("factors").at(c).at(k).get<float>();
        for (int k = 0; k < 3; ++k) p.bias[k] = j.at("bias").at(k).get<float>();
        return p;
    } catch (const std::exception& e) {
        throw Error("'" + file.string() + "' is not a latent->RGB projection: " + e.what());
    }
}

// Where the weights go (`home`: the device, or the host when offloading) and the device they
// run on can differ. `channels_last`: measured per model (tests/bench/results): it speeds the
// UNet up on CUDA, but slows the VAE decoder down (its 512-channel GroupNorm-heavy blocks at full
// resolution).
template <typename M>
void load_into(M& module, const StateDict& weights, const char* what, torch::Device home,
               torch::Device device, torch::ScalarType dtype, bool channels_last = false) {
    adopt_weights(*module, weights, what, torch::TensorOptions().device(home).dtype(dtype));
    module->to(home, dtype);  // what the checkpoint does not hold (integer buffers)
    if (channels_last) tune_layout(*module, device);
    module->eval();
}
}  // namespace

std::shared_ptr<text::Tokenizer> load_tokenizer(const io::ModelDescription& d,
                                                const io::TokenizerFiles& files,
                                                int max_positions) {
    if (!files.sentencepiece.empty())
        return text::SentencePieceTokenizer::from_file(files.sentencepiece, max_positions);
    // Single files carry no vocabulary; a missing one is the resolver's error saying where to put
    // it.
    io::AssetResolver assets(model_dir(d));
    const std::string vocab =
        files.vocab.empty() ? assets.require("clip/vocab.json", "the CLIP tokenizer vocabulary")
                            : files.vocab;
    const std::string merges = files.merges.empty()
                                   ? assets.require("clip/merges.txt", "the CLIP tokenizer merges")
                                   : files.merges;
    return text::ClipBpeTokenizer::from_files(vocab, merges, files.pad_id);
}

std::shared_ptr<text::Tokenizer> load_tokenizer(const io::ModelDescription& d) {
    return d.has(io::Component::TextEncoder)
               ? load_tokenizer(d, d.tokenizer, d.text.max_positions)
               : load_tokenizer(d, d.tokenizer_2, d.text_2.max_positions);
}

torch::Tensor LoadedModel::run_unet(const torch::Tensor& sample, const torch::Tensor& timestep,
                                    const Conditioning& cond) {
    std::vector<torch::Tensor> in{sample, timestep};
    for (auto& t : cond.flatten()) in.push_back(t);
    return (*unet_graph_)(in);
}

std::vector<std::pair<std::string, torch::nn::Module*>> LoadedModel::components() const {
    std::vector<std::pair<std::string, torch::nn::Module*>> out;
    for (auto c : description().components) {
        torch::nn::Module* m = nullptr;
        if (c == io::Component::TextEncoder) m = text_encoder.ptr().get();
        if (c == io::Component::TextEncoder2) m = text_encoder_2.ptr().get();
        if (c == io::Component::UNet) m = unet.ptr().get();
        if (c == io::Component::Vae) m = vae.ptr().get();
        out.emplace_back(io::component_key(c), m);
    }
    for (size_t i = 0; i < controlnet_order_.size(); ++i)
        out.emplace_back("controlnet_" + std::to_string(i),
                         controlnets_.at(controlnet_order_[i]).ptr().get());
    return out;
}

ControlNetModel LoadedModel::controlnet(const std::string& path) {
    if (auto it = controlnets_.find(path); it != controlnets_.end()) return it->second;
    c10::InferenceMode guard;
    const io::ControlNetFile file = io::read_controlnet(path, unet->config());
    SkipParameterInit no_random_init;
    ControlNetModel net(file.config);
    const torch::Device home = offload_ ? torch::Device(torch::kCPU) : device_;
    load_into(net, file.weights, "ControlNet", home, device_, dtype_, /*channels_last=*/true);
    if (offload_) offload_->join(io::component_key(io::Component::UNet), net.ptr());
    controlnets_.emplace(path, net);
    controlnet_order_.push_back(path);
    return net;
}

void LoadedModel::use(io::Component component) {
    if (offload_) offload_->activate(io::component_key(component));
}

torch::Tensor LoadedModel::run_taesd(const torch::Tensor& latent) {
    if (!taesd_graph_) throw Error("this model has no TAESD preview decoder");
    return (*taesd_graph_)({latent});
}

std::shared_ptr<LoadedModel> LoadedModel::load(const std::string& path, torch::Device device,
                                               torch::ScalarType dtype,
                                               const LoadOptions& options) {
    c10::InferenceMode guard;
    tune_backend(device);
    use_all_cores_unless_told();
    auto cp = io::Checkpoint::open(path);
    std::shared_ptr<LoadedModel> m(new LoadedModel(cp, device, dtype));
    const auto& d = cp->description();
    m->default_size_ = io::training_size(d);

    io::AssetResolver assets(model_dir(d));

    // The modules' own storage is never filled: every weight is the checkpoint's (see layers.h).
    SkipParameterInit no_random_init;
    const bool offload = options.offloads(device);
    const torch::Device home = offload ? torch::Device(torch::kCPU) : device;
    if (d.has(io::Component::TextEncoder)) {
        m->tokenizer = load_tokenizer(d, d.tokenizer, d.text.max_positions);
        m->text_encoder = ClipTextModel(d.text);
        load_into(m->text_encoder, cp->weights(io::Component::TextEncoder), "text encoder", home,
                  device, dtype);
    }
    if (d.has(io::Component::TextEncoder2)) {
        m->tokenizer_2 = load_tokenizer(d, d.tokenizer_2, d.text_2.max_positions);
        m->text_encoder_2 = ClipTextModel(d.text_2);
        load_into(m->text_encoder_2, cp->weights(io::Component::TextEncoder2), "text encoder 2",
                  home, device, dtype);
    }

    const UNetConfig uc = unet_config(d);
    m->unet = UNet2DConditionModel(uc);
    StateDict unet_weights = cp->weights(io::Component::UNet);
    if (cp->is_ldm_named(io::Component::UNet)) unet_weights = io::unet_from_ldm(unet_weights, uc);
    load_into(m->unet, unet_weights, "UNet", home, device, dtype, /*channels_last=*/true);
    m->unet_graph_ = std::make_unique<GraphedCall>(
        [unet = m->unet](const std::vector<torch::Tensor>& in) mutable {
            // The 9-channel UNet's extra channels come as the conditioning's concat.
            const bool concat = in[0].size(1) != unet->config().in_channels;
            return unet->forward(
                in[0], in[1], Conditioning::unflatten(in, 2, unet->config().takes_vector(), concat));
        },
        options.cuda_graphs && !offload);

    const VaeConfig vc = vae_config(d.vae_config, d.vae_scaling_factor);
    m->vae = AutoencoderKL(vc);
    StateDict vae_weights = cp->weights(io::Component::Vae);
    if (cp->is_ldm_named(io::Component::Vae)) vae_weights = io::vae_from_ldm(vae_weights, vc);
    m->vae_dtype_ = options.vae_fp32 ? torch::kFloat32 : dtype;
    load_into(m->vae, vae_weights, "VAE", home, device, m->vae_dtype_);
    if (offload) {
        m->offload_ = std::make_unique<ModuleOffload>(device);
        for (const auto& [name, module] : m->components())
            m->offload_->add(name, module->shared_from_this());
    }

    m->latent_projection = load_latent_projection(model_dir(d), d.family);
    if (options.load_taesd) {
        // The folder's own decoder wins over shared assets: the one Reverie trained for its
        // built-in model, else a TAESD file placed in the folder.
        const fs::path dir = model_dir(d);
        std::optional<std::string> taesd;
        // SDXL's latent space is its own: only TAESDXL decodes it.
        const std::string name = io::is_sdxl(d.family) ? "taesdxl" : "taesd";
        for (const fs::path& own : {dir / "preview_decoder" / "preview_decoder.safetensors",
                                    dir / name / (name + "_decoder.safetensors")})
            if (!taesd && fs::is_regular_file(own)) taesd = own.string();
        if (!taesd) taesd = assets.find(name + "/" + name + "_decoder.safetensors");
        if (taesd) {
            TaesdDecoder decoder = load_taesd_decoder(*taesd);
            decoder->eval();
            if (device.is_cuda()) {
                decoder->to(device, dtype);
                tune_layout(*decoder, device);
            }
            m->taesd = decoder;
            m->taesd_graph_ = std::make_unique<GraphedCall>(
                [decoder](const std::vector<torch::Tensor>& in) mutable {
                    return decoder->forward(in[0]);
                },
                options.cuda_graphs);
        }
    }
    return m;
}

}  // namespace reverie::pipeline
