#include "core/pipeline/model_adapters.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

#include "core/adapters/embedding_file.h"
#include "core/adapters/prompt_loras.h"
#include "core/adapters/target_names.h"
#include "core/common/error.h"
#include "core/io/keymap/ldm_keys.h"

namespace reverie::pipeline {

namespace fs = std::filesystem;

namespace {

// Lower case without spaces: CLIP lowercases and splits on spaces, so a name whose ids appear in
// a prompt appears in this form in the prompt's.
std::string folded(const std::string& s) {
    std::string out;
    for (unsigned char c : s)
        if (!std::isspace(c)) out.push_back(char(std::tolower(c)));
    return out;
}

std::string model_folder(const LoadedModel& model) {
    const auto& d = model.description();
    return d.layout == io::CheckpointLayout::Diffusers ? d.path
                                                       : fs::path(d.path).parent_path().string();
}

}  // namespace

RequestAdapters request_adapters(const LoadedModel& model, const GenerationRequest& r) {
    RequestAdapters out;
    out.loras = r.loras;
    auto tagged = adapters::extract_prompt_loras(r.prompt);
    out.prompt = std::move(tagged.text);
    // A1111 takes the tags out of the negative prompt as well, without applying them.
    out.negative_prompt = adapters::extract_prompt_loras(r.negative_prompt).text;
    if (tagged.loras.empty()) return out;
    std::vector<std::string> dirs = r.lora_dirs;
    const fs::path folder = model_folder(model);
    for (const fs::path& base : {folder, folder.parent_path()})
        for (const char* sub : {"Lora", "LyCORIS", "loras"}) dirs.push_back((base / sub).string());
    for (const auto& l : tagged.loras) {
        // A file also given beside the prompt (--lora, or a PNG's own tag read back) wins.
        if (std::any_of(r.loras.begin(), r.loras.end(), [&](const adapters::LoraRef& ref) {
                return fs::path(ref.path).stem().string() == l.name;
            }))
            continue;
        const auto file = adapters::find_lora_file(l.name, dirs);
        if (!file)
            throw Error("the prompt names a LoRA '" + l.name + "' that is in none of " +
                        (r.lora_dirs.empty() ? std::string() : "--lora-dir, ") + folder.string() +
                        "/{Lora,LyCORIS,loras} or the folder above");
        out.loras.push_back({*file, l.text_encoder, l.unet});
    }
    return out;
}

adapters::NamedModules adapter_targets(LoadedModel& model) {
    return {{adapters::kTextEncoder, model.text_encoder ? model.text_encoder.ptr().get() : nullptr},
            {adapters::kTextEncoder2,
             model.text_encoder_2 ? model.text_encoder_2.ptr().get() : nullptr},
            {adapters::kUNet, model.unet.ptr().get()}};
}

std::vector<std::string> use_loras(LoadedModel& model,
                                   const std::vector<adapters::LoraRef>& loras) {
    auto& set = model.adapters;
    if (set.applied == loras) return {};
    // Offloaded networks rest in their host copies: patch those (and undo there) in place.
    if (auto* offload = model.offload()) offload->deactivate();
    const auto mode = model.device().is_cpu() && !model.offload()
                          ? adapters::WeightPatcher::Mode::Replace
                          : adapters::WeightPatcher::Mode::InPlace;
    set.patcher.restore();
    set.applied.clear();
    set.hashes.clear();
    if (loras.empty()) return {};
    const auto modules = adapter_targets(model);
    auto index = adapters::index_targets(modules);
    // kohya's SDXL trainer (and some SD 1.x files) name UNet modules after the LDM/SGM layout:
    // `lora_unet_input_blocks_4_1_…`. The single-file key table read backwards gives those names.
    const auto rules = io::unet_ldm_rules(model.unet->config());
    for (const auto& p : model.unet->named_parameters()) {
        const std::string ldm = io::ldm_name(p.key(), rules);
        if (ldm.size() > 7 && ldm.compare(ldm.size() - 7, 7, ".weight") == 0)
            index.add_alias(adapters::kUNet, ldm.substr(0, ldm.size() - 7), p.key());
    }
    const std::string family = io::to_string(model.description().family);
    std::vector<std::string> warnings;
    try {
        for (const auto& ref : loras) {
            const auto file = adapters::read_adapter_file(ref.path);
            const auto report = adapters::apply_adapter(
                file, modules, index, family, {ref.text_encoder, ref.unet}, set.patcher, mode);
            warnings.insert(warnings.end(), report.warnings.begin(), report.warnings.end());
        }
    } catch (...) {
        set.patcher.restore();
        throw;
    }
    set.applied = loras;
    for (const auto& ref : loras) set.hashes.push_back(adapters::lora_short_hash(ref.path));
    return warnings;
}

std::string default_embeddings_dir(const LoadedModel& model) {
    const auto& d = model.description();
    const fs::path dir = d.layout == io::CheckpointLayout::Diffusers
                             ? fs::path(d.path)
                             : fs::path(d.path).parent_path();
    return (dir / "embeddings").string();
}

void add_adapter_parameters(const LoadedModel& model, const std::string& prompt,
                            image::GenerationParameters& p) {
    const auto& set = model.adapters;
    if (set.applied.empty()) return;
    const auto tagged = adapters::extract_prompt_loras(prompt);
    std::string hashes;
    for (size_t i = 0; i < set.applied.size(); ++i) {
        const auto& ref = set.applied[i];
        const std::string name = fs::path(ref.path).stem().string();
        hashes += (hashes.empty() ? "" : ", ") + name + ": " + set.hashes.at(i);
        const bool in_prompt =
            std::any_of(tagged.loras.begin(), tagged.loras.end(),
                        [&](const adapters::PromptLora& l) { return l.name == name; });
        if (in_prompt) continue;
        // A file given beside the prompt (--lora) is written into it, as A1111 would have it, so
        // the PNG reproduces (with its folder as --lora-dir).
        std::ostringstream tag;
        tag << "<lora:" << name << ":" << ref.text_encoder;
        if (ref.unet != ref.text_encoder) tag << ":" << ref.unet;
        tag << ">";
        p.prompt += (p.prompt.empty() ? "" : " ") + tag.str();
    }
    p.extra.emplace_back("Lora hashes", hashes);
}

PromptEmbeddings::PromptEmbeddings(LoadedModel& model, const std::string& dir,
                                   const std::vector<std::string>& prompts)
    : model_(model) {
    // Each text encoder (SDXL has two; its refiner only the second) gets its own tokenizer that
    // knows the embeddings, and its own extra rows.
    struct Encoder {
        const char* component;
        ClipTextModel* model;
        const text::Tokenizer* tokenizer;
        std::unique_ptr<adapters::EmbeddingTokenizer>* out;
        std::vector<torch::Tensor> rows;
    };
    std::vector<Encoder> encoders;
    if (model.text_encoder && model.tokenizer)
        encoders.push_back(
            {adapters::kTextEncoder, &model.text_encoder, model.tokenizer.get(), &tokenizer_, {}});
    if (model.text_encoder_2 && model.tokenizer_2)
        encoders.push_back({adapters::kTextEncoder2,
                            &model.text_encoder_2,
                            model.tokenizer_2.get(),
                            &tokenizer_2_,
                            {}});
    for (auto& e : encoders)
        *e.out = std::make_unique<adapters::EmbeddingTokenizer>(*e.tokenizer,
                                                                (*e.model)->config().vocab_size);
    std::string text;
    for (const auto& p : prompts) text += folded(p) + "\n";
    for (const auto& file : adapters::list_embedding_files(dir)) {
        const std::string name = fs::path(file).stem().string();
        if (text.find(folded(name)) == std::string::npos) continue;
        try {
            const auto ti = adapters::read_embedding(file);
            // An embedding for another model (a missing encoder, other widths) is skipped.
            bool fits = !encoders.empty();
            for (const auto& e : encoders) {
                const auto it = ti.vectors.find(e.component);
                fits = fits && it != ti.vectors.end() &&
                       it->second.size(1) == (*e.model)->config().hidden_size;
            }
            if (!fits) continue;
            for (auto& e : encoders)
                if ((*e.out)->add(ti.name, int(ti.count())))
                    e.rows.push_back(ti.vectors.at(e.component));
        } catch (const Error& e) {
            warnings_.push_back(e.what());
        }
    }
    for (auto& e : encoders)
        if (!e.rows.empty()) (*e.model)->set_extra_tokens(torch::cat(e.rows));
}

PromptEmbeddings::~PromptEmbeddings() {
    if (model_.text_encoder) model_.text_encoder->set_extra_tokens(torch::Tensor());
    if (model_.text_encoder_2) model_.text_encoder_2->set_extra_tokens(torch::Tensor());
}

}  // namespace reverie::pipeline
