#include "core/text/prompt_chunks.h"

#include "core/common/error.h"
#include "core/text/prompt_parser.h"

namespace reverie::text {

namespace {

int special_count(const Tokenizer& tokenizer) {
    return (tokenizer.bos_id() >= 0 ? 1 : 0) + (tokenizer.eos_id() >= 0 ? 1 : 0);
}

int chunk_capacity(const Tokenizer& tokenizer) {
    const int capacity = tokenizer.max_length() - special_count(tokenizer);
    if (capacity <= 0)
        throw Error("the tokenizer's maximum length " + std::to_string(tokenizer.max_length()) +
                    " leaves no room for prompt tokens");
    return capacity;
}

// BOS + tokens + EOS + padding, weights alongside.
PromptChunk finish(const Tokenizer& tokenizer, const std::vector<int>& ids,
                   const std::vector<float>& weights) {
    PromptChunk chunk;
    const size_t length = size_t(tokenizer.max_length());
    chunk.ids.reserve(length);
    chunk.weights.reserve(length);
    if (tokenizer.bos_id() >= 0) chunk.ids.push_back(tokenizer.bos_id());
    chunk.weights.assign(chunk.ids.size(), 1.0f);
    chunk.ids.insert(chunk.ids.end(), ids.begin(), ids.end());
    chunk.weights.insert(chunk.weights.end(), weights.begin(), weights.end());
    if (tokenizer.eos_id() >= 0) chunk.ids.push_back(tokenizer.eos_id());
    chunk.ids.resize(length, tokenizer.pad_id());
    chunk.weights.resize(length, 1.0f);
    return chunk;
}

// The comma A1111 backtracks to: a token that is exactly ","  (CLIP's ",</w>").
int comma_id(const Tokenizer& tokenizer) {
    const std::vector<int> ids = tokenizer.encode(",");
    return ids.size() == 1 ? ids[0] : -1;
}

}  // namespace

std::vector<int> pad_to_length(const Tokenizer& tokenizer, const std::vector<int>& ids) {
    const size_t keep = std::min(ids.size(), size_t(chunk_capacity(tokenizer)));
    std::vector<int> kept(ids.begin(), ids.begin() + std::ptrdiff_t(keep));
    return finish(tokenizer, kept, std::vector<float>(keep, 1.0f)).ids;
}

std::vector<PromptChunk> chunk_prompt(const Tokenizer& tokenizer, const std::string& prompt,
                                      bool parse_weights) {
    const size_t capacity = size_t(chunk_capacity(tokenizer));
    const int comma = comma_id(tokenizer);
    const std::vector<PromptFragment> fragments =
        parse_weights ? parse_prompt_attention(prompt) : std::vector<PromptFragment>{{prompt, 1.0}};

    std::vector<PromptChunk> chunks;
    std::vector<int> ids;
    std::vector<float> weights;
    // Position in `ids` of the last comma, or -1.
    long last_comma = -1;
    auto next_chunk = [&] {
        chunks.push_back(finish(tokenizer, ids, weights));
        ids.clear();
        weights.clear();
        last_comma = -1;
    };

    for (const auto& fragment : fragments) {
        if (fragment.is_break()) {
            next_chunk();
            continue;
        }
        for (int token : tokenizer.encode(fragment.text)) {
            if (token == comma) {
                last_comma = long(ids.size());
            } else if (kCommaBacktrack != 0 && ids.size() == capacity && last_comma != -1 &&
                       long(ids.size()) - last_comma <= kCommaBacktrack) {
                const size_t cut = size_t(last_comma + 1);
                std::vector<int> moved_ids(ids.begin() + std::ptrdiff_t(cut), ids.end());
                std::vector<float> moved_weights(weights.begin() + std::ptrdiff_t(cut),
                                                 weights.end());
                ids.resize(cut);
                weights.resize(cut);
                next_chunk();
                ids = std::move(moved_ids);
                weights = std::move(moved_weights);
            }
            if (ids.size() == capacity) next_chunk();
            ids.push_back(token);
            weights.push_back(float(fragment.weight));
        }
    }
    if (!ids.empty() || chunks.empty()) next_chunk();
    return chunks;
}

}  // namespace reverie::text
