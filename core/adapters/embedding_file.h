#pragma once
// Textual-inversion embeddings: a few learned token vectors a prompt calls by the file's base
// name (A1111). Formats:
//   kohya / A1111   {"emb_params": [n, d]}                      (the first text encoder)
//   diffusers       {"<token>": [n, d] or [d]}                  (one key, whatever its name)
//   SDXL            {"clip_l": [n, 768], "clip_g": [n, 1280]}   (text_encoder, text_encoder_2)
//   A1111 .pt       {"string_to_param": {"*": [n, d]}, …}       (through the restricted unpickler)
#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "core/adapters/adapter_file.h"

namespace reverie::adapters {

// Vectors per prompt: A1111 caps a chunk at 75 tokens.
constexpr int64_t kMaxEmbeddingVectors = 75;

struct TextualInversion {
    std::string name;  // the file's base name
    std::string path;
    // Per text encoder (target_names.h' component names): [n, width] float32, the same n for all.
    std::map<std::string, torch::Tensor> vectors;
    int64_t count() const { return vectors.empty() ? 0 : vectors.begin()->second.size(0); }
};

// Throws reverie::Error naming the file: not an embedding, more than one unnamed tensor, vectors
// of another shape, more than kMaxEmbeddingVectors, non-finite values.
TextualInversion read_embedding(const std::string& path);
TextualInversion embedding_from_tensors(const std::string& name, const std::string& path,
                                        const NamedTensorList& tensors);

// The embedding files under `dir` (recursively, sorted): .safetensors, .pt and .bin; none when
// it is absent.
std::vector<std::string> list_embedding_files(const std::string& dir);

}  // namespace reverie::adapters
