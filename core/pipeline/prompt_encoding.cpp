#include "core/pipeline/prompt_encoding.h"

#include <algorithm>
#include <vector>

#include "core/text/prompt_chunks.h"

namespace reverie::pipeline {

namespace {

torch::Tensor ids_tensor(const std::vector<int>& ids, torch::Device device) {
    std::vector<int64_t> ids64(ids.begin(), ids.end());
    return torch::tensor(ids64, torch::kLong).unsqueeze(0).to(device);
}

torch::Tensor encode_row(const PromptEncoder& e, const std::vector<int>& ids, int clip_skip) {
    return e.text_encoder->forward(ids_tensor(ids, e.device), clip_skip);
}

// A1111's emphasis: scale each token's embedding, then restore the chunk's overall mean so
// emphasis shifts attention rather than the conditioning's magnitude.
torch::Tensor apply_emphasis(torch::Tensor z, const std::vector<float>& weights) {
    const bool weighted =
        std::any_of(weights.begin(), weights.end(), [](float w) { return w != 1.0f; });
    if (!weighted) return z;
    const auto original_mean = z.mean();
    auto w = torch::tensor(weights, torch::kFloat32).to(z.device(), z.scalar_type());
    z = z * w.reshape({1, -1, 1});
    return z * (original_mean / z.mean());
}

torch::Tensor encode_chunk(const PromptEncoder& e, const text::PromptChunk& chunk, int clip_skip) {
    return apply_emphasis(encode_row(e, chunk.ids, clip_skip), chunk.weights);
}

torch::Tensor encode_chunks(const PromptEncoder& e, const std::vector<text::PromptChunk>& chunks,
                            int clip_skip) {
    std::vector<torch::Tensor> parts;
    for (const auto& c : chunks) parts.push_back(encode_chunk(e, c, clip_skip));
    return torch::cat(parts, 1);
}

}  // namespace

EncodedPrompts encode_prompts(const PromptEncoder& e, const std::string& prompt,
                              const std::string& negative_prompt, bool with_negative) {
    EncodedPrompts out;
    if (!e.prompt_syntax) {
        const auto row = [&](const std::string& s, int clip_skip) {
            return encode_row(e, text::pad_to_length(e.tokenizer, e.tokenizer.encode(s)),
                              clip_skip);
        };
        out.positive = row(prompt, e.clip_skip);
        if (with_negative) out.negative = row(negative_prompt, e.negative_clip_skip);
        return out;
    }
    auto pos = text::chunk_prompt(e.tokenizer, prompt, true);
    if (!with_negative) {
        out.positive = encode_chunks(e, pos, e.clip_skip);
        return out;
    }
    auto neg = text::chunk_prompt(e.tokenizer, negative_prompt, true);
    const auto empty = text::chunk_prompt(e.tokenizer, "", false).front();
    while (pos.size() < neg.size()) pos.push_back(empty);
    while (neg.size() < pos.size()) neg.push_back(empty);
    out.positive = encode_chunks(e, pos, e.clip_skip);
    out.negative = encode_chunks(e, neg, e.negative_clip_skip);
    return out;
}

namespace {

// One SDXL tower's chunks: the chosen hidden states (emphasis applied per tower, as A1111's
// per-embedder hijack does) and the pooled output of the first chunk.
struct TowerOutput {
    torch::Tensor hidden, pooled;
};

TowerOutput encode_tower(ClipTextModel& model, const std::vector<text::PromptChunk>& chunks,
                         torch::Device device, int layer_from_end) {
    TowerOutput out;
    std::vector<torch::Tensor> parts;
    for (const auto& c : chunks) {
        auto r = model->hidden_and_pooled(ids_tensor(c.ids, device), layer_from_end);
        parts.push_back(apply_emphasis(r.hidden, c.weights));
        if (!out.pooled.defined()) out.pooled = r.pooled;
    }
    out.hidden = torch::cat(parts, 1);
    return out;
}

// The prompt as chunks for one tokenizer: A1111 chunks with emphasis, or diffusers' single row of
// 77 (truncated) without.
std::vector<text::PromptChunk> chunks_for(const text::Tokenizer& tokenizer,
                                          const std::string& prompt, bool syntax) {
    if (syntax) return text::chunk_prompt(tokenizer, prompt, true);
    text::PromptChunk row;
    row.ids = text::pad_to_length(tokenizer, tokenizer.encode(prompt));
    row.weights.assign(row.ids.size(), 1.0f);
    return {row};
}

}  // namespace

SdxlEncodedPrompts encode_prompts(const SdxlTextEncoders& e, const SdxlPrompts& p) {
    const std::string& prompt_2 = p.prompt_2.empty() ? p.prompt : p.prompt_2;
    const std::string& negative_2 =
        p.negative_prompt_2.empty() ? p.negative_prompt : p.negative_prompt_2;
    const bool refiner = e.text_encoder == nullptr;
    const bool zero_negative =
        p.with_negative && p.zero_empty_negative && p.negative_prompt.empty() && negative_2.empty();

    // Every sequence the towers read has the same number of chunks (the shorter ones padded with
    // empty chunks, as A1111 pads the negative prompt), so the halves concatenate.
    std::vector<std::vector<text::PromptChunk>> lists;
    if (!refiner) lists.push_back(chunks_for(*e.tokenizer, p.prompt, e.prompt_syntax));
    lists.push_back(chunks_for(e.tokenizer_2, prompt_2, e.prompt_syntax));
    const bool encode_negative = p.with_negative && !zero_negative;
    if (encode_negative) {
        if (!refiner) lists.push_back(chunks_for(*e.tokenizer, p.negative_prompt, e.prompt_syntax));
        lists.push_back(chunks_for(e.tokenizer_2, negative_2, e.prompt_syntax));
    }
    size_t n = 0;
    for (const auto& l : lists) n = std::max(n, l.size());
    for (size_t i = 0; i < lists.size(); ++i) {
        const bool first_tower = !refiner && i % 2 == 0;
        const auto& tok = first_tower ? *e.tokenizer : e.tokenizer_2;
        const auto empty = chunks_for(tok, "", e.prompt_syntax).front();
        while (lists[i].size() < n) lists[i].push_back(empty);
    }

    auto encode_pair = [&](size_t first, torch::Tensor& hidden, torch::Tensor& pooled) {
        if (refiner) {
            auto g = encode_tower(e.text_encoder_2, lists[first], e.device, e.layer_from_end);
            hidden = g.hidden;
            pooled = g.pooled;
            return;
        }
        auto l = encode_tower(*e.text_encoder, lists[first], e.device, e.layer_from_end);
        auto g = encode_tower(e.text_encoder_2, lists[first + 1], e.device, e.layer_from_end);
        hidden = torch::cat({l.hidden, g.hidden}, -1);
        pooled = g.pooled;
    };
    SdxlEncodedPrompts out;
    encode_pair(0, out.positive, out.positive_pooled);
    if (encode_negative) {
        encode_pair(refiner ? 1 : 2, out.negative, out.negative_pooled);
    } else if (zero_negative) {
        out.negative = torch::zeros_like(out.positive);
        out.negative_pooled = torch::zeros_like(out.positive_pooled);
    }
    return out;
}

}  // namespace reverie::pipeline
