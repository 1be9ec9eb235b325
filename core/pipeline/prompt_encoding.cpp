#include "core/pipeline/prompt_encoding.h"

#include <algorithm>
#include <vector>

#include "core/text/prompt_chunks.h"

namespace reverie::pipeline {

namespace {

torch::Tensor encode_row(const PromptEncoder& e, const std::vector<int>& ids, int clip_skip) {
    std::vector<int64_t> ids64(ids.begin(), ids.end());
    auto t = torch::tensor(ids64, torch::kLong).unsqueeze(0).to(e.device);
    return e.text_encoder->forward(t, clip_skip);
}

// A1111's emphasis: scale each token's embedding, then restore the chunk's overall mean so
// emphasis shifts attention rather than the conditioning's magnitude.
torch::Tensor encode_chunk(const PromptEncoder& e, const text::PromptChunk& chunk, int clip_skip) {
    auto z = encode_row(e, chunk.ids, clip_skip);
    const bool weighted =
        std::any_of(chunk.weights.begin(), chunk.weights.end(), [](float w) { return w != 1.0f; });
    if (!weighted) return z;
    const auto original_mean = z.mean();
    auto w = torch::tensor(chunk.weights, torch::kFloat32).to(z.device(), z.scalar_type());
    z = z * w.reshape({1, -1, 1});
    return z * (original_mean / z.mean());
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

}  // namespace reverie::pipeline
