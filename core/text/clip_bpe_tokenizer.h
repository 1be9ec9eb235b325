#pragma once
// CLIP's byte-level BPE tokenizer, matching transformers' slow CLIPTokenizer with ftfy (what Stable
// Diffusion's text encoders were trained with).
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/text/tokenizer.h"

namespace reverie::text {

class ClipBpeTokenizer : public Tokenizer {
  public:
    static constexpr int kMaxLength = 77;

    // vocab.json (token -> id) and merges.txt (ranked pairs) as shipped with every SD text encoder.
    // pad_id: 49407 (<|endoftext|>) for SD1, 0 ("!") for SD2 / OpenCLIP.
    static std::unique_ptr<ClipBpeTokenizer> from_files(const std::string& vocab_path,
                                                        const std::string& merges_path, int pad_id);

    std::vector<int> encode(const std::string& text) const override;
    std::vector<std::string> tokens(const std::string& text) const override;
    std::string decode(const std::vector<int>& ids) const override;
    int bos_id() const override { return bos_id_; }
    int eos_id() const override { return eos_id_; }
    int pad_id() const override { return pad_id_; }
    int max_length() const override { return kMaxLength; }

    // -1 when `token` (a vocabulary string such as ",</w>") is not in the vocabulary.
    int token_to_id(const std::string& token) const;
    size_t vocab_size() const { return id_to_token_.size(); }

  private:
    struct Word {
        std::vector<std::string> tokens;
        std::vector<int> ids;
    };

    ClipBpeTokenizer() = default;
    // The BPE result of one pre-tokenized word, memoised: prompts repeat the same words constantly.
    Word word(const std::u32string& word) const;
    Word bpe(const std::string& byte_encoded) const;
    void encode_into(const std::string& text, std::vector<int>* ids,
                     std::vector<std::string>* tokens) const;

    std::unordered_map<std::string, int> vocab_;
    std::vector<std::string> id_to_token_;
    // "left right" -> merge priority (lower merges first).
    std::unordered_map<std::string, int> merge_ranks_;
    std::string byte_to_symbol_[256];
    std::unordered_map<std::string, unsigned char> symbol_to_byte_;
    int bos_id_ = 49406, eos_id_ = 49407, unk_id_ = 49407, pad_id_ = 49407;

    mutable std::mutex cache_mutex_;
    mutable std::unordered_map<std::u32string, Word> cache_;
};

}  // namespace reverie::text
