#pragma once
// Adapters on a loaded model: LoRA/LyCORIS files merged into its weights (core/adapters), and
// textual-inversion embeddings for its prompts.
#include <memory>
#include <string>
#include <vector>

#include "core/adapters/adapter_set.h"
#include "core/adapters/apply_adapter.h"
#include "core/adapters/embedding_tokenizer.h"
#include "core/image/generation_parameters.h"
#include "core/pipeline/generation_request.h"
#include "core/pipeline/loaded_model.h"

namespace reverie::pipeline {

// Makes the model's weights its checkpoint's plus `loras`, merged in order; nothing happens when
// that is already so, and a change first takes the weights back to the checkpoint's, bit for bit.
// So a cached model serves any adapter set without being loaded again. On an error the model is
// left with no adapter. Returns warnings (modules that match no weight).
std::vector<std::string> use_loras(LoadedModel& model, const std::vector<adapters::LoraRef>& loras);

// A request's adapters: its LoRA files plus those its prompt names (<lora:NAME:…>, looked up in
// `lora_dirs`, then the model folders' Lora/, LyCORIS/ and loras/), and the prompts without the
// tags, as the text encoder sees them. Throws reverie::Error naming a LoRA that is not found.
struct RequestAdapters {
    std::vector<adapters::LoraRef> loras;
    std::string prompt;
    std::string negative_prompt;
};
RequestAdapters request_adapters(const LoadedModel& model, const GenerationRequest& request);

// The model's networks by their diffusers names, as adapters name them.
adapters::NamedModules adapter_targets(LoadedModel& model);

// A1111's record of the merged LoRAs in a PNG's parameters: "Lora hashes: name: hash, …", and
// files given beside the prompt (--lora) added to it as <lora:NAME:TE[:UNET]> tags.
void add_adapter_parameters(const LoadedModel& model, const std::string& prompt,
                            image::GenerationParameters& parameters);

// The embeddings folder used when a request names none: the model folder's `embeddings/`.
std::string default_embeddings_dir(const LoadedModel& model);

// Textual-inversion embeddings for one prompt encoding: a tokenizer that knows the names of the
// embeddings in `dir` that the prompts may use, and their vectors installed as the text encoder's
// extra rows until this goes. Embeddings for another model (other widths) are skipped, as A1111
// does; unreadable files become warnings.
class PromptEmbeddings {
  public:
    PromptEmbeddings(LoadedModel& model, const std::string& dir,
                     const std::vector<std::string>& prompts);
    ~PromptEmbeddings();
    PromptEmbeddings(const PromptEmbeddings&) = delete;
    PromptEmbeddings& operator=(const PromptEmbeddings&) = delete;

    // The first text encoder's (requires model.tokenizer) and SDXL's second's.
    const text::Tokenizer& tokenizer() const { return *tokenizer_; }
    const text::Tokenizer& tokenizer_2() const { return *tokenizer_2_; }
    const std::vector<std::string>& warnings() const { return warnings_; }

  private:
    LoadedModel& model_;
    std::unique_ptr<adapters::EmbeddingTokenizer> tokenizer_;
    std::unique_ptr<adapters::EmbeddingTokenizer> tokenizer_2_;
    std::vector<std::string> warnings_;
};

}  // namespace reverie::pipeline
