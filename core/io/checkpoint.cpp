#include "core/io/checkpoint.h"

#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/io/asset_resolver.h"
#include "core/io/keymap/clip_keys.h"
#include "core/io/safetensors.h"
#include "core/io/single_file_layout.h"

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

namespace {

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
        read_model_index(dir, d);
    } else {
        refuse_pickle(path);
        auto file = SafetensorsFile::open(path);
        const std::optional<SidecarYaml> yaml = read_sidecar_yaml(path);
        const SingleFileLayout layout = detect_single_file_layout(path, file->infos(), yaml, d);
        cp->unet_ = {file, kLdmUNetPrefix};
        cp->vae_ = {file, kLdmVaePrefix};
        cp->text_ = {file, layout.text_prefix};
        cp->text_drop_blocks_ = layout.text_drop_blocks;
        const bool open_clip = layout.text_prefix == kOpenClipPrefix;

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
