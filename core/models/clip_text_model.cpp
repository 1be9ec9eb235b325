#include "core/models/clip_text_model.h"

#include <cmath>

#include "core/common/error.h"

namespace reverie {

namespace nn = torch::nn;

ClipAttentionImpl::ClipAttentionImpl(int dim, int heads) : heads_(heads) {
    q_proj = register_module("q_proj", Linear(dim, dim));
    k_proj = register_module("k_proj", Linear(dim, dim));
    v_proj = register_module("v_proj", Linear(dim, dim));
    out_proj = register_module("out_proj", Linear(dim, dim));
}

torch::Tensor ClipAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& mask) {
    const int64_t b = x.size(0), t = x.size(1), d = x.size(2), hd = d / heads_;
    auto split = [&](const torch::Tensor& y) { return y.view({b, t, heads_, hd}).transpose(1, 2); };
    // Scaling q before the product (not the scores after) matches transformers' rounding.
    auto q = split(q_proj(x) * (1.0 / std::sqrt(double(hd))));
    auto k = split(k_proj(x));
    auto v = split(v_proj(x));
    auto scores = torch::matmul(q, k.transpose(-1, -2)) + mask;  // [B, H, T, T]
    auto out = torch::matmul(torch::softmax(scores, -1), v);     // [B, H, T, hd]
    return out_proj(out.transpose(1, 2).reshape({b, t, d}));
}

ClipMlpImpl::ClipMlpImpl(int dim, int hidden, ClipActivation act) : act_(act) {
    fc1 = register_module("fc1", Linear(dim, hidden));
    fc2 = register_module("fc2", Linear(hidden, dim));
}

torch::Tensor ClipMlpImpl::forward(const torch::Tensor& x) {
    auto h = fc1(x);
    h = act_ == ClipActivation::QuickGelu ? h * torch::sigmoid(1.702 * h) : torch::gelu(h);
    return fc2(h);
}

ClipEncoderLayerImpl::ClipEncoderLayerImpl(const ClipTextConfig& c) {
    self_attn = register_module("self_attn", ClipAttention(c.hidden_size, c.num_heads));
    layer_norm1 = register_module("layer_norm1", LayerNorm(c.hidden_size, c.layer_norm_eps));
    mlp = register_module("mlp", ClipMlp(c.hidden_size, c.intermediate_size, c.activation));
    layer_norm2 = register_module("layer_norm2", LayerNorm(c.hidden_size, c.layer_norm_eps));
}

torch::Tensor ClipEncoderLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& mask) {
    auto h = x + self_attn(layer_norm1(x), mask);
    return h + mlp(layer_norm2(h));
}

ClipTextEmbeddingsImpl::ClipTextEmbeddingsImpl(const ClipTextConfig& c) {
    token_embedding = register_module("token_embedding", Embedding(c.vocab_size, c.hidden_size));
    position_embedding =
        register_module("position_embedding", Embedding(c.max_positions, c.hidden_size));
}

torch::Tensor ClipTextEmbeddingsImpl::forward(const torch::Tensor& ids) {
    const int64_t t = ids.size(1);
    if (t > position_embedding->weight.size(0))
        throw Error("text encoder: " + std::to_string(t) + " tokens exceed its " +
                    std::to_string(position_embedding->weight.size(0)) + " positions");
    auto positions =
        torch::arange(t, torch::TensorOptions().dtype(torch::kLong).device(ids.device()));
    return token_embedding(ids) + position_embedding(positions).unsqueeze(0);
}

ClipTextTransformerImpl::ClipTextTransformerImpl(const ClipTextConfig& c) {
    embeddings = register_module("embeddings", ClipTextEmbeddings(c));
    auto encoder = register_module("encoder", std::make_shared<nn::Module>());
    nn::ModuleList layers;
    for (int i = 0; i < c.num_layers; ++i) {
        encoder_layers_.emplace_back(c);
        layers->push_back(encoder_layers_.back());
    }
    encoder->register_module("layers", layers);
    final_layer_norm =
        register_module("final_layer_norm", LayerNorm(c.hidden_size, c.layer_norm_eps));
}

std::vector<torch::Tensor> ClipTextTransformerImpl::hidden_states(const torch::Tensor& ids,
                                                                  int layers) {
    if (ids.dim() != 2) throw Error("text encoder: token ids must be [batch, tokens]");
    if (layers < 0 || layers > num_layers()) layers = num_layers();
    auto h = embeddings(ids);
    const int64_t t = ids.size(1);
    // Causal mask: each token sees itself and what precedes it.
    auto mask = torch::full({t, t}, -std::numeric_limits<float>::infinity(),
                            torch::TensorOptions().dtype(h.scalar_type()).device(h.device()))
                    .triu(1);
    std::vector<torch::Tensor> out{h};
    for (int i = 0; i < layers; ++i) {
        h = encoder_layers_[i]->forward(h, mask);
        out.push_back(h);
    }
    return out;
}

ClipTextModelImpl::ClipTextModelImpl(const ClipTextConfig& c) : config_(c) {
    text_model = register_module("text_model", ClipTextTransformer(c));
    if (c.projection_dim > 0)
        text_projection = register_module("text_projection",
                                          Linear(c.hidden_size, c.projection_dim, /*bias=*/false));
}

torch::Tensor ClipTextModelImpl::forward(const torch::Tensor& ids, int clip_skip) {
    const int n = text_model->num_layers();
    if (clip_skip < 1) clip_skip = 1;
    if (clip_skip > n)
        throw Error("clip skip " + std::to_string(clip_skip) + " is more than the " +
                    std::to_string(n) + " layers of this text encoder");
    auto states = text_model->hidden_states(ids, n - (clip_skip - 1));
    return text_model->final_norm(states.back());
}

std::vector<torch::Tensor> ClipTextModelImpl::all_hidden_states(const torch::Tensor& ids) {
    return text_model->hidden_states(ids);
}

torch::Tensor ClipTextModelImpl::pooled(const torch::Tensor& last_hidden_state,
                                        const torch::Tensor& ids) {
    // The first EOS of each row (a row without one: its first token), or the highest id for the
    // legacy configs (see ClipTextConfig::eos_token_id).
    auto eos = config_.eos_token_id == 2 ? ids.argmax(-1)
                                         : (ids == config_.eos_token_id).to(torch::kInt).argmax(-1);
    auto rows = torch::arange(ids.size(0), eos.options());
    return last_hidden_state.index({rows, eos});
}

ClipTextModelImpl::HiddenAndPooled ClipTextModelImpl::hidden_and_pooled(const torch::Tensor& ids,
                                                                        int layer_from_end) {
    const int n = text_model->num_layers();
    if (layer_from_end < 1 || layer_from_end > n + 1)
        throw Error("text encoder: hidden state " + std::to_string(layer_from_end) +
                    " from the end does not exist in a " + std::to_string(n) + "-layer encoder");
    auto states = text_model->hidden_states(ids);
    HiddenAndPooled out;
    out.hidden = states[states.size() - size_t(layer_from_end)];
    out.pooled = pooled(text_model->final_norm(states.back()), ids);
    if (text_projection) out.pooled = text_projection(out.pooled);
    return out;
}

}  // namespace reverie
