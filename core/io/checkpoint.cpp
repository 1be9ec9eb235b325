#include "core/io/checkpoint.h"

#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/io/asset_resolver.h"
#include "core/io/keymap/clip_keys.h"
#include "core/io/safetensors.h"
#include "core/io/single_file_layout.h"
#include "core/io/torch_pickle.h"

namespace fs = std::filesystem;

namespace reverie::io {

namespace {

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

bool is_pickled(const std::string& path) {
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
    return pickled;
}

std::shared_ptr<SafetensorsFile> open_weights_file(const std::string& path) {
    if (!is_pickled(path)) return SafetensorsFile::open(path);
    TorchFileContents contents = read_torch_file(path);
    // A1111-era checkpoints keep the weights under "state_dict" (beside "global_step" and the
    // like); ControlNet .pth files and re-saves keep them at the top.
    const std::string level = "state_dict.";
    bool nested = false;
    for (const auto& [name, t] : contents.tensors)
        nested = nested || name.compare(0, level.size(), level) == 0;
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (auto& [name, t] : contents.tensors) {
        if (!nested)
            tensors.emplace_back(name, std::move(t));
        else if (name.compare(0, level.size(), level) == 0)
            tensors.emplace_back(name.substr(level.size()), std::move(t));
    }
    if (tensors.empty()) throw Error("'" + path + "' holds no tensors");
    return SafetensorsFile::in_memory(path, std::move(tensors));
}

void refuse_pickle(const std::string& path) {
    if (is_pickled(path))
        throw Error(
            "'" + path +
            "' is a pickled PyTorch checkpoint. Reverie never loads pickles: unpickling runs "
            "arbitrary code from the file. Convert it to .safetensors first (for example "
            "with the 'safetensors' convert script or diffusers' "
            "convert_original_stable_diffusion_to_diffusers.py --to_safetensors), or download "
            "the .safetensors release of the model.");
}

namespace {

// tokenizer/ (or tokenizer_2/) of a diffusers folder: CLIP BPE files and the pad token, or a
// SentencePiece model.
TokenizerFiles read_tokenizer_files(const std::string& model, const fs::path& dir) {
    TokenizerFiles t;
    if (fs::path spm = dir / "spiece.model"; fs::exists(spm)) t.sentencepiece = spm.string();
    t.vocab = (dir / "vocab.json").string();
    t.merges = (dir / "merges.txt").string();
    if (t.sentencepiece.empty() && (!fs::exists(t.vocab) || !fs::exists(t.merges)))
        throw Error("diffusers model '" + model + "' has no tokenizer (" + dir.filename().string() +
                    "/vocab.json and merges.txt, or " + dir.filename().string() + "/spiece.model)");
    t.pad_id = 49407;
    fs::path special = dir / "special_tokens_map.json";
    if (fs::exists(special)) {
        auto j = read_json(special);
        if (auto it = j.find("pad_token"); it != j.end()) {
            std::string tok = it->is_string() ? it->get<std::string>()
                                              : it->value("content", std::string("<|endoftext|>"));
            t.pad_id = pad_id_for_token(tok, t.vocab);
        }
    }
    return t;
}

// model_index.json: the scheduler class, and Reverie's own record (recommended settings, how the
// model was trained) where the model has one.
void read_model_index(const fs::path& dir, ModelDescription& d) {
    const auto index = read_json(dir / "model_index.json");
    // The scheduler class is model_index.json's word (diffusers instantiates that class); a
    // scheduler_config.json without its own _class_name takes it from there.
    if (const auto s = index.find("scheduler");
        d.scheduler_config.is_object() && !d.scheduler_config.contains("_class_name") &&
        s != index.end() && s->is_array() && s->size() == 2 && (*s)[1].is_string())
        d.scheduler_config["_class_name"] = (*s)[1];
    const auto r = index.find("reverie");
    const bool reverie = r != index.end() && r->is_object();
    if (reverie && r->contains("defaults")) {
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
    // Informational (only the evaluation reads it): an incomplete record is ignored.
    if (reverie && r->contains("training")) {
        const auto& j = (*r)["training"];
        if (j.is_object() && j.contains("seed") && j["seed"].is_number_unsigned() &&
            j.contains("pool_size") && j["pool_size"].is_number_integer())
            d.training = TrainingRecord{j["seed"].get<uint64_t>(), j["pool_size"].get<int>()};
    }
}

}  // namespace

void Checkpoint::open_diffusers(const std::string& path) {
    ModelDescription& d = desc_;
    const fs::path dir(path);
    if (!fs::exists(dir / "model_index.json"))
        throw Error("'" + path + "' is a folder but not a diffusers model (no model_index.json)");
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
        throw Error("diffusers model '" + path + "' has no " + comp + "/" + stem + ".safetensors");
    };
    // SDXL carries a second text encoder; its refiner only that one.
    const bool te1 = fs::exists(dir / "text_encoder");
    const bool te2 = fs::exists(dir / "text_encoder_2");
    if (!te1 && !te2) throw Error("diffusers model '" + path + "' has no text_encoder folder");
    d.components.clear();
    if (te1) {
        d.components.push_back(Component::TextEncoder);
        sources_[Component::TextEncoder] = {weights_file("text_encoder", "model"), ""};
        d.text =
            ClipTextConfig::from_diffusers_json(read_json(dir / "text_encoder" / "config.json"));
        d.tokenizer = read_tokenizer_files(path, dir / "tokenizer");
    }
    if (te2) {
        d.components.push_back(Component::TextEncoder2);
        sources_[Component::TextEncoder2] = {weights_file("text_encoder_2", "model"), ""};
        d.text_2 =
            ClipTextConfig::from_diffusers_json(read_json(dir / "text_encoder_2" / "config.json"));
        d.tokenizer_2 = read_tokenizer_files(path, dir / "tokenizer_2");
    }
    d.components.push_back(Component::UNet);
    d.components.push_back(Component::Vae);
    sources_[Component::UNet] = {weights_file("unet", "diffusion_pytorch_model"), ""};
    sources_[Component::Vae] = {weights_file("vae", "diffusion_pytorch_model"), ""};

    d.unet_config.kind = ConfigSource::Kind::DiffusersJson;
    d.unet_config.json = read_json(dir / "unet" / "config.json");
    const auto& uj = d.unet_config.json;
    if (uj.value("addition_embed_type", nlohmann::json()).is_string() &&
        uj["addition_embed_type"].get<std::string>() == "text_time") {
        d.family = te1 ? ModelFamily::SDXL : ModelFamily::SDXLRefiner;
        if (!te2)
            throw Error("diffusers model '" + path +
                        "' has an SDXL UNet but no text_encoder_2 (OpenCLIP bigG)");
    } else {
        // SD 2.x: linear transformer projections and (for the real models) 1024-wide
        // cross-attention.
        d.family =
            uj.value("use_linear_projection", false) || uj.value("cross_attention_dim", 768) == 1024
                ? ModelFamily::SD2
                : ModelFamily::SD1;
        if (!te1) throw Error("diffusers model '" + path + "' has no text_encoder folder");
    }
    d.vae_config.kind = ConfigSource::Kind::DiffusersJson;
    d.vae_config.json = read_json(dir / "vae" / "config.json");
    d.unet_in_channels = uj.value("in_channels", 4);
    d.vae_scaling_factor = d.vae_config.json.value("scaling_factor", 0.18215);
    fs::path sched = dir / "scheduler" / "scheduler_config.json";
    d.scheduler_config = fs::exists(sched)   ? read_json(sched)
                         : is_sdxl(d.family) ? sdxl_scheduler_config(Prediction::Epsilon, false)
                                             : default_scheduler_config(Prediction::Epsilon);
    d.prediction =
        d.scheduler_config.value("prediction_type", std::string("epsilon")) == "v_prediction"
            ? Prediction::VPrediction
            : Prediction::Epsilon;
    d.zero_terminal_snr = d.scheduler_config.value("rescale_betas_zero_snr", false);
    d.config_origin = "diffusers config.json files";
    read_model_index(dir, d);
}

void Checkpoint::open_single_file(const std::string& path) {
    ModelDescription& d = desc_;
    auto file = open_weights_file(path);
    const std::optional<SidecarYaml> yaml = read_sidecar_yaml(path);
    const SingleFileLayout layout = detect_single_file_layout(path, file->infos(), yaml, d);
    sources_[Component::UNet] = {file, kLdmUNetPrefix};
    sources_[Component::Vae] = {file, kLdmVaePrefix};
    AssetResolver assets(fs::path(path).parent_path().string());
    // Single files carry no vocabulary: every CLIP tower shares the one BPE vocabulary.
    TokenizerFiles clip;
    clip.vocab = assets.find("clip/vocab.json").value_or("");
    clip.merges = assets.find("clip/merges.txt").value_or("");
    if (!layout.text_prefix.empty()) {
        const bool open_clip = layout.text_prefix == kOpenClipPrefix;
        sources_[Component::TextEncoder] = {file, layout.text_prefix, open_clip,
                                            layout.text_drop_blocks, false};
        d.tokenizer = clip;
        // OpenCLIP's tokenizer pads with 0 ("!"), OpenAI CLIP's with its end token.
        d.tokenizer.pad_id = open_clip ? 0 : 49407;
    }
    if (!layout.text_2_prefix.empty()) {
        sources_[Component::TextEncoder2] = {file, layout.text_2_prefix, true, 0, true};
        d.tokenizer_2 = clip;
        d.tokenizer_2.pad_id = 0;
    }
}

std::shared_ptr<Checkpoint> Checkpoint::open(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error("model '" + path + "' does not exist");
    auto cp = std::shared_ptr<Checkpoint>(new Checkpoint());
    ModelDescription& d = cp->desc_;
    d.path = path;
    d.name = model_name(path);
    if (fs::is_directory(path, ec))
        cp->open_diffusers(path);
    else
        cp->open_single_file(path);
    // What SDXL users run (A1111 / ComfyUI presets): DPM++ 2M Karras, CFG 6, at the model's
    // training size (1024²). A model's own reverie.defaults win.
    if (is_sdxl(d.family) && !d.recommended.from_model) {
        d.recommended.sampler = "dpmpp_2m";
        d.recommended.karras = true;
        d.recommended.steps = 25;
        d.recommended.cfg_scale = 6.0;
        // The family's settings count as the model's: the studio applies them when it is picked.
        d.recommended.from_model = true;
    }
    d.inpainting = d.unet_in_channels == 9;
    if (d.unet_in_channels != 4 && d.unet_in_channels != 9)
        throw Error("'" + path + "': UNet takes " + std::to_string(d.unet_in_channels) +
                    " input channels; Reverie supports 4 (txt2img) and 9 (inpainting)");
    return cp;
}

const Checkpoint::Source& Checkpoint::source(Component c) const {
    auto it = sources_.find(c);
    if (it == sources_.end()) throw Error("model '" + desc_.path + "' has no " + to_string(c));
    return it->second;
}

bool Checkpoint::is_ldm_named(Component c) const {
    return desc_.layout == CheckpointLayout::SingleFile &&
           (c == Component::UNet || c == Component::Vae);
}

StateDict Checkpoint::weights(Component c) const {
    const Source& s = source(c);
    StateDict raw;
    for (const auto& k : s.file->keys()) {
        if (!starts_with(k, s.prefix)) continue;
        raw.emplace(k.substr(s.prefix.size()), s.file->tensor(k));
    }
    const bool text = c == Component::TextEncoder || c == Component::TextEncoder2;
    if (!text || desc_.layout == CheckpointLayout::Diffusers) {
        if (text) raw.erase("text_model.embeddings.position_ids");
        return raw;
    }
    return s.open_clip ? clip_from_open_clip(raw, s.drop_blocks, s.projection)
                       : clip_from_ldm_sd1(raw);
}

int64_t Checkpoint::parameter_count(Component c) const {
    if (c == Component::TextEncoder ||
        c == Component::TextEncoder2) {  // what the model uses, after any dropped blocks
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
