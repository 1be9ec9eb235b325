#pragma once
// The CLIP text transformer (Radford et al. 2021) as Stable Diffusion uses it: token + position
// embeddings, pre-LayerNorm blocks with causal self-attention, a final LayerNorm. Parameter names
// follow transformers' CLIPTextModel (`text_model.encoder.layers.N.self_attn.q_proj.weight`).
#include <torch/torch.h>

#include <vector>

#include "core/models/clip_text_config.h"
#include "core/models/layers.h"

namespace reverie {

class ClipAttentionImpl : public torch::nn::Module {
  public:
    ClipAttentionImpl(int dim, int heads);
    // x: [B, T, D]; mask: [T, T] additive causal mask
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask);

  private:
    int heads_;
    Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};
};
TORCH_MODULE(ClipAttention);

class ClipMlpImpl : public torch::nn::Module {
  public:
    ClipMlpImpl(int dim, int hidden, ClipActivation act);
    torch::Tensor forward(const torch::Tensor& x);

  private:
    ClipActivation act_;
    Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(ClipMlp);

class ClipEncoderLayerImpl : public torch::nn::Module {
  public:
    explicit ClipEncoderLayerImpl(const ClipTextConfig& c);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask);

  private:
    LayerNorm layer_norm1{nullptr}, layer_norm2{nullptr};
    ClipAttention self_attn{nullptr};
    ClipMlp mlp{nullptr};
};
TORCH_MODULE(ClipEncoderLayer);

class ClipTextEmbeddingsImpl : public torch::nn::Module {
  public:
    explicit ClipTextEmbeddingsImpl(const ClipTextConfig& c);
    torch::Tensor forward(const torch::Tensor& ids);  // ids: [B, T] int64 -> [B, T, D]

  private:
    Embedding token_embedding{nullptr}, position_embedding{nullptr};
};
TORCH_MODULE(ClipTextEmbeddings);

class ClipTextTransformerImpl : public torch::nn::Module {
  public:
    explicit ClipTextTransformerImpl(const ClipTextConfig& c);

    // Runs the first `layers` blocks (all when < 0); returns the hidden states after the embeddings
    // and after each block run (layers + 1 tensors, no final LayerNorm).
    std::vector<torch::Tensor> hidden_states(const torch::Tensor& ids, int layers = -1);
    torch::Tensor final_norm(const torch::Tensor& h) { return final_layer_norm(h); }
    int num_layers() const { return static_cast<int>(encoder_layers_.size()); }

  private:
    ClipTextEmbeddings embeddings{nullptr};
    std::vector<ClipEncoderLayer> encoder_layers_;
    LayerNorm final_layer_norm{nullptr};
};
TORCH_MODULE(ClipTextTransformer);

class ClipTextModelImpl : public torch::nn::Module {
  public:
    explicit ClipTextModelImpl(const ClipTextConfig& c);

    // SD conditioning, [B, T, D]. clip_skip counts as AUTOMATIC1111: 1 = last layer; 2 =
    // penultimate layer, and so on; the final LayerNorm is applied to the chosen layer either way,
    // as the reference pipelines do.
    torch::Tensor forward(const torch::Tensor& ids, int clip_skip = 1);
    // Every hidden state: [0] = embeddings, [i] = after block i (no final LayerNorm).
    std::vector<torch::Tensor> all_hidden_states(const torch::Tensor& ids);
    // The pooled output: the final-normed state at each row's EOS token (the highest id).
    torch::Tensor pooled(const torch::Tensor& last_hidden_state, const torch::Tensor& ids);

    // SDXL's reading of a text tower: the hidden state `layer_from_end` blocks before the last
    // output (2 = the penultimate block's output, hidden_states[-2]) with NO final LayerNorm, and
    // the pooled output, through text_projection when the model has one (text_embeds).
    struct HiddenAndPooled {
        torch::Tensor hidden;  // [B, T, D]
        torch::Tensor pooled;  // [B, projection_dim or D]
    };
    HiddenAndPooled hidden_and_pooled(const torch::Tensor& ids, int layer_from_end);

    const ClipTextConfig& config() const { return config_; }

  private:
    ClipTextConfig config_;
    ClipTextTransformer text_model{nullptr};
    Linear text_projection{nullptr};  // projection_dim > 0 only
};
TORCH_MODULE(ClipTextModel);

}  // namespace reverie
