#include "core/io/checkpoint.h"

#include <filesystem>
#include <fstream>
#include <regex>

#include "core/common/error.h"
#include "core/io/asset_resolver.h"
#include "core/io/keymap/clip_keys.h"
#include "core/io/safetensors.h"

namespace fs = std::filesystem;

namespace reverie::io {

std::string to_string(ModelFamily f) {
    return f == ModelFamily::SD1 ? "SD 1.x" : "SD 2.x";
}
std::string to_string(CheckpointLayout l) {
    return l == CheckpointLayout::Diffusers ? "diffusers folder" : "single file (CompVis/LDM)";
}
std::string to_string(Prediction p) {
    return p == Prediction::Epsilon ? "epsilon" : "v_prediction";
}
std::string to_string(Component c) {
    switch (c) {
        case Component::TextEncoder:
            return "text encoder";
        case Component::UNet:
            return "UNet";
        case Component::Vae:
            return "VAE";
    }
    return "?";
}

namespace {

constexpr const char* kUNetPrefix = "model.diffusion_model.";
constexpr const char* kVaePrefix = "first_stage_model.";
constexpr const char* kSd1TextPrefix = "cond_stage_model.transformer.";
constexpr const char* kOpenClipPrefix = "cond_stage_model.model.";

bool starts_with(const std::string& s, const std::string& p) {
    return s.compare(0, p.size(), p) == 0;
}

nlohmann::json read_json(const fs::path& p) {
    std::ifstream in(p);
    if (!in) throw Error("cannot read '" + p.string() + "'");
    auto j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object())
        throw Error("'" + p.string() + "' is not a valid JSON object");
    return j;
}

bool has_prefix(const SafetensorsFile& f, const std::string& prefix) {
    for (const auto& k : f.keys())
        if (starts_with(k, prefix)) return true;
    return false;
}

std::string model_name(const fs::path& p) {
    return p.has_extension() && !fs::is_directory(p) ? p.stem().string() : p.filename().string();
}

int pad_id_for_token(const std::string& token, const std::string& vocab_path) {
    if (token == "<|endoftext|>") return 49407;
    if (token == "!") return 0;
    auto vocab = read_json(vocab_path);
    auto it = vocab.find(token);
    if (it == vocab.end() || !it->is_number_integer())
        throw Error("pad token '" + token + "' is not in '" + vocab_path + "'");
    return it->get<int>();
}

}  // namespace

// SD's training schedule as diffusers writes it for SD 1.x/2.x models.
nlohmann::json default_scheduler_config(Prediction prediction) {
    return {{"num_train_timesteps", 1000},
            {"beta_start", 0.00085},
            {"beta_end", 0.012},
            {"beta_schedule", "scaled_linear"},
            {"prediction_type", to_string(prediction)},
            {"steps_offset", 1},
            {"set_alpha_to_one", false},
            {"skip_prk_steps", true},
            {"clip_sample", false},
            {"timestep_spacing", "leading"}};
}

void refuse_pickle(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    bool pickled =
        ext == ".ckpt" || ext == ".pt" || ext == ".pth" || ext == ".bin" || ext == ".pkl";
    if (!pickled && fs::is_regular_file(path)) {
        unsigned char magic[4] = {0, 0, 0, 0};
        std::ifstream in(path, std::ios::binary);
        in.read(reinterpret_cast<char*>(magic), 4);
        // torch.save writes a zip ("PK\3\4"); older files start with a pickle protocol opcode.
        pickled = (magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) ||
                  (magic[0] == 0x80 && magic[1] >= 2 && magic[1] <= 5);
    }
    if (pickled)
        throw Error(
            "'" + path +
            "' is a pickled PyTorch checkpoint. Reverie never loads pickles: unpickling runs "
            "arbitrary code from the file. Convert it to .safetensors first (for example "
            "with the 'safetensors' convert script or diffusers' "
            "convert_original_stable_diffusion_to_diffusers.py --to_safetensors), or download "
            "the .safetensors release of the model.");
}

std::shared_ptr<Checkpoint> Checkpoint::open(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error("model '" + path + "' does not exist");
    auto cp = std::shared_ptr<Checkpoint>(new Checkpoint());
    ModelDescription& d = cp->desc_;
    d.path = path;
    d.name = model_name(path);

    if (fs::is_directory(path, ec)) {
        const fs::path dir(path);
        if (!fs::exists(dir / "model_index.json"))
            throw Error("'" + path +
                        "' is a folder but not a diffusers model (no model_index.json)");
        d.layout = CheckpointLayout::Diffusers;
        auto weights_file = [&](const std::string& comp, const std::string& stem) {
            for (const char* suffix : {".safetensors", ".fp16.safetensors"}) {
                fs::path p = dir / comp / (stem + suffix);
                if (fs::exists(p)) return SafetensorsFile::open(p.string());
            }
            for (const char* suffix : {".bin", ".fp16.bin"}) {
                fs::path p = dir / comp / (stem + suffix);
                if (fs::exists(p)) refuse_pickle(p.string());
            }
            throw Error("diffusers model '" + path + "' has no " + comp + "/" + stem +
                        ".safetensors");
        };
        cp->text_ = {weights_file("text_encoder", "model"), ""};
        cp->unet_ = {weights_file("unet", "diffusion_pytorch_model"), ""};
        cp->vae_ = {weights_file("vae", "diffusion_pytorch_model"), ""};

        d.text =
            ClipTextConfig::from_diffusers_json(read_json(dir / "text_encoder" / "config.json"));
        d.unet_config.kind = ConfigSource::Kind::DiffusersJson;
        d.unet_config.json = read_json(dir / "unet" / "config.json");
        // SD 2.x: linear transformer projections and (for the real models) 1024-wide
        // cross-attention.
        d.family = d.unet_config.json.value("use_linear_projection", false) ||
                           d.unet_config.json.value("cross_attention_dim", 768) == 1024
                       ? ModelFamily::SD2
                       : ModelFamily::SD1;
        d.vae_config.kind = ConfigSource::Kind::DiffusersJson;
        d.vae_config.json = read_json(dir / "vae" / "config.json");
        d.unet_in_channels = d.unet_config.json.value("in_channels", 4);
        d.vae_scaling_factor = d.vae_config.json.value("scaling_factor", 0.18215);
        fs::path sched = dir / "scheduler" / "scheduler_config.json";
        d.scheduler_config =
            fs::exists(sched) ? read_json(sched) : default_scheduler_config(Prediction::Epsilon);
        d.prediction =
            d.scheduler_config.value("prediction_type", std::string("epsilon")) == "v_prediction"
                ? Prediction::VPrediction
                : Prediction::Epsilon;
        if (fs::path spm = dir / "tokenizer" / "spiece.model"; fs::exists(spm))
            d.tokenizer.sentencepiece = spm.string();
        d.tokenizer.vocab = (dir / "tokenizer" / "vocab.json").string();
        d.tokenizer.merges = (dir / "tokenizer" / "merges.txt").string();
        if (d.tokenizer.sentencepiece.empty() &&
            (!fs::exists(d.tokenizer.vocab) || !fs::exists(d.tokenizer.merges)))
            throw Error("diffusers model '" + path +
                        "' has no tokenizer (tokenizer/vocab.json and merges.txt, or "
                        "tokenizer/spiece.model)");
        d.tokenizer.pad_id = 49407;
        fs::path special = dir / "tokenizer" / "special_tokens_map.json";
        if (fs::exists(special)) {
            auto j = read_json(special);
            if (auto it = j.find("pad_token"); it != j.end()) {
                std::string tok = it->is_string()
                                      ? it->get<std::string>()
                                      : it->value("content", std::string("<|endoftext|>"));
                d.tokenizer.pad_id = pad_id_for_token(tok, d.tokenizer.vocab);
            }
        }
        d.config_origin = "diffusers config.json files";
        const auto index = read_json(dir / "model_index.json");
        if (auto r = index.find("reverie");
            r != index.end() && r->is_object() && r->contains("defaults")) {
            const auto& j = (*r)["defaults"];
            auto& rec = d.recommended;
            try {
                rec.sampler = j.value("sampler", rec.sampler);
                rec.karras = j.value("karras", rec.karras);
                rec.steps = j.value("steps", rec.steps);
                rec.cfg_scale = j.value("cfg_scale", rec.cfg_scale);
                rec.width = j.value("width", 0);
                rec.height = j.value("height", 0);
                rec.from_model = true;
            } catch (const nlohmann::json::exception& e) {
                throw Error("'" + (dir / "model_index.json").string() +
                            "': malformed reverie.defaults: " + e.what());
            }
        }
    } else {
        refuse_pickle(path);
        auto file = SafetensorsFile::open(path);
        d.layout = CheckpointLayout::SingleFile;
        if (!has_prefix(*file, kUNetPrefix))
            throw Error("'" + path + "' is not a Stable Diffusion checkpoint: it has no '" +
                        kUNetPrefix + "' tensors (is it a LoRA, a VAE or an embedding?)");
        if (!has_prefix(*file, kVaePrefix))
            throw Error("'" + path + "' has no VAE ('" + kVaePrefix + "' tensors)");
        const bool open_clip = has_prefix(*file, kOpenClipPrefix);
        if (!open_clip && !has_prefix(*file, kSd1TextPrefix))
            throw Error("'" + path + "' has no text encoder ('" + kSd1TextPrefix + "' or '" +
                        kOpenClipPrefix + "' tensors)");
        d.family = open_clip ? ModelFamily::SD2 : ModelFamily::SD1;
        cp->unet_ = {file, kUNetPrefix};
        cp->vae_ = {file, kVaePrefix};
        cp->text_ = {file, open_clip ? kOpenClipPrefix : kSd1TextPrefix};

        const std::string in_key = std::string(kUNetPrefix) + "input_blocks.0.0.weight";
        if (!file->contains(in_key) || file->info(in_key).shape.size() != 4)
            throw Error("'" + path + "': missing or misshaped UNet input convolution '" + in_key +
                        "'");
        d.unet_in_channels = static_cast<int>(file->info(in_key).shape[1]);

        int heads = 0;
        d.text.activation = open_clip ? ClipActivation::Gelu : ClipActivation::QuickGelu;
        cp->text_drop_blocks_ = open_clip ? 1 : 0;
        const fs::path yaml_path = fs::path(path).replace_extension(".yaml");
        if (fs::exists(yaml_path)) {
            YAML::Node root;
            try {
                root = YAML::LoadFile(yaml_path.string());
                const auto params = root["model"]["params"];
                if (!params || !params["unet_config"] || !params["first_stage_config"])
                    throw Error("'" + yaml_path.string() +
                                "' is not an LDM inference config (no model.params.unet_config)");
                d.prediction = params["parameterization"] &&
                                       params["parameterization"].as<std::string>() == "v"
                                   ? Prediction::VPrediction
                                   : Prediction::Epsilon;
                d.unet_config = {
                    ConfigSource::Kind::LdmYaml, {}, params["unet_config"]["params"], ""};
                d.vae_config = {
                    ConfigSource::Kind::LdmYaml, {}, params["first_stage_config"]["params"], ""};
                if (params["scale_factor"])
                    d.vae_scaling_factor = params["scale_factor"].as<double>();
                const auto cond = params["cond_stage_config"]["params"];
                if (cond && cond["layer"])
                    cp->text_drop_blocks_ =
                        cond["layer"].as<std::string>() == "penultimate" ? 1 : 0;
                if (cond && cond["tiny_text_config"]) {
                    const auto t = cond["tiny_text_config"];
                    if (t["heads"]) heads = t["heads"].as<int>();
                    if (t["act"])
                        d.text.activation = parse_clip_activation(t["act"].as<std::string>());
                }
                d.scheduler_config = default_scheduler_config(d.prediction);
                if (params["linear_start"])
                    d.scheduler_config["beta_start"] = params["linear_start"].as<double>();
                if (params["linear_end"])
                    d.scheduler_config["beta_end"] = params["linear_end"].as<double>();
                if (params["timesteps"])
                    d.scheduler_config["num_train_timesteps"] = params["timesteps"].as<int>();
            } catch (const YAML::Exception& e) {
                throw Error("cannot read '" + yaml_path.string() + "': " + e.what());
            }
            d.config_origin = "sidecar yaml " + yaml_path.filename().string();
        } else {
            // No yaml: recognise the real SD 1.5 / 2.1 configs by the cross-attention width.
            const std::string ctx_key = std::string(kUNetPrefix) +
                                        "input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight";
            const int64_t ctx = file->contains(ctx_key) ? file->info(ctx_key).shape.at(1) : -1;
            const bool inpaint = d.unet_in_channels == 9;
            if (ctx == 768 && !open_clip) {
                d.unet_config.preset = inpaint ? "sd15-inpaint" : "sd15";
            } else if (ctx == 1024 && open_clip) {
                d.unet_config.preset = inpaint ? "sd21-inpaint" : "sd21";
                // SD 2.x at 768 px is v-prediction, its 512 px base is epsilon; nothing in the
                // weights tells them apart, so assume the common 2.1 release and say so.
                d.prediction = inpaint ? Prediction::Epsilon : Prediction::VPrediction;
                d.prediction_guessed = true;
            } else {
                throw Error("'" + path +
                            "' does not match the SD 1.5 or 2.1 architecture (cross-attention "
                            "width " +
                            std::to_string(ctx) + "); put its LDM yaml config next to it as '" +
                            yaml_path.filename().string() + "'");
            }
            d.unet_config.kind = ConfigSource::Kind::Preset;
            d.vae_config = {ConfigSource::Kind::Preset, {}, {}, "sd"};
            d.scheduler_config = default_scheduler_config(d.prediction);
            d.config_origin = "preset " + d.unet_config.preset + " (detected from tensor shapes)";
        }

        // Text encoder hyper-parameters from the tensors themselves.
        StateDict text = cp->weights(Component::TextEncoder);
        auto shape_of = [&](const std::string& k) {
            auto it = text.find(k);
            if (it == text.end())
                throw Error("'" + path + "': text encoder tensor '" + k + "' is missing");
            return it->second.sizes().vec();
        };
        auto tok = shape_of("text_model.embeddings.token_embedding.weight");
        d.text.vocab_size = static_cast<int>(tok.at(0));
        d.text.hidden_size = static_cast<int>(tok.at(1));
        d.text.max_positions =
            static_cast<int>(shape_of("text_model.embeddings.position_embedding.weight").at(0));
        d.text.intermediate_size =
            static_cast<int>(shape_of("text_model.encoder.layers.0.mlp.fc1.weight").at(0));
        static const std::regex layer_re(R"(^text_model\.encoder\.layers\.(\d+)\.)");
        int layers = 0;
        for (const auto& kv : text) {
            std::smatch m;
            if (std::regex_search(kv.first, m, layer_re))
                layers = std::max(layers, std::stoi(m[1]) + 1);
        }
        d.text.num_layers = layers;
        d.text.num_heads = heads > 0 ? heads : std::max(1, d.text.hidden_size / 64);

        AssetResolver assets(fs::path(path).parent_path().string());
        d.tokenizer.vocab = assets.find("clip/vocab.json").value_or("");
        d.tokenizer.merges = assets.find("clip/merges.txt").value_or("");
        d.tokenizer.pad_id = open_clip ? 0 : 49407;
    }
    d.inpainting = d.unet_in_channels == 9;
    if (d.unet_in_channels != 4 && d.unet_in_channels != 9)
        throw Error("'" + path + "': UNet takes " + std::to_string(d.unet_in_channels) +
                    " input channels; Reverie supports 4 (txt2img) and 9 (inpainting)");
    return cp;
}

const Checkpoint::Source& Checkpoint::source(Component c) const {
    switch (c) {
        case Component::TextEncoder:
            return text_;
        case Component::UNet:
            return unet_;
        case Component::Vae:
            return vae_;
    }
    throw Error("unknown component");
}

bool Checkpoint::is_ldm_named(Component c) const {
    return desc_.layout == CheckpointLayout::SingleFile && c != Component::TextEncoder;
}

StateDict Checkpoint::weights(Component c) const {
    const Source& s = source(c);
    StateDict raw;
    for (const auto& k : s.file->keys()) {
        if (!starts_with(k, s.prefix)) continue;
        raw.emplace(k.substr(s.prefix.size()), s.file->tensor(k));
    }
    if (c != Component::TextEncoder || desc_.layout == CheckpointLayout::Diffusers) {
        if (c == Component::TextEncoder) raw.erase("text_model.embeddings.position_ids");
        return raw;
    }
    return s.prefix == kOpenClipPrefix ? clip_from_open_clip(raw, text_drop_blocks_)
                                       : clip_from_ldm_sd1(raw);
}

int64_t Checkpoint::parameter_count(Component c) const {
    if (c == Component::TextEncoder) {  // what the model uses, after any dropped blocks
        int64_t n = 0;
        for (const auto& kv : weights(c)) n += kv.second.numel();
        return n;
    }
    const Source& s = source(c);
    int64_t n = 0;
    for (const auto& k : s.file->keys()) {
        if (!starts_with(k, s.prefix)) continue;
        const auto& info = s.file->info(k);
        if (info.dtype != "F32" && info.dtype != "F16" && info.dtype != "BF16") continue;
        int64_t e = 1;
        for (auto dim : info.shape) e *= dim;
        n += e;
    }
    return n;
}

std::set<std::string> Checkpoint::dtypes(Component c) const {
    const Source& s = source(c);
    std::set<std::string> out;
    for (const auto& k : s.file->keys())
        if (starts_with(k, s.prefix)) out.insert(s.file->info(k).dtype);
    return out;
}

}  // namespace reverie::io
