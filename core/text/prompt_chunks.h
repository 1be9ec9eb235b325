#pragma once
// Prompt -> rows of token ids for the text encoder: AUTOMATIC1111's unlimited-length chunking with
// per-token weights, and the single truncated row diffusers builds.
#include <string>
#include <vector>

#include "core/text/tokenizer.h"

namespace reverie::text {

struct PromptChunk {
    // max_length() ids each: BOS, up to max_length()-2 prompt tokens, EOS, padding.
    std::vector<int> ids;
    // Emphasis per position; 1.0 on BOS, EOS and padding.
    std::vector<float> weights;
};

// A1111's comma_padding_backtrack default: a chunk that fills up moves the words after its last
// comma to the next chunk when that comma is this close to the end.
constexpr int kCommaBacktrack = 20;

// As A1111's tokenize_line: every fragment tokenized on its own, chunks of max_length()-2 tokens,
// BREAK starts a new chunk, an empty prompt gives one chunk. Padding uses pad_id() after the first
// EOS (what A1111 sends to SD1 and SD2 alike). With parse_weights false the prompt is taken
// literally: no emphasis, no BREAK.
std::vector<PromptChunk> chunk_prompt(const Tokenizer& tokenizer, const std::string& prompt,
                                      bool parse_weights = true);

// The one row diffusers builds: BOS, ids truncated to max_length()-2, EOS, pad_id() up to
// max_length(). Special tokens the model lacks (-1) are left out.
std::vector<int> pad_to_length(const Tokenizer& tokenizer, const std::vector<int>& ids);

}  // namespace reverie::text
