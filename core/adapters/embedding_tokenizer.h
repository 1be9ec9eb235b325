#pragma once
// A tokenizer that also knows textual-inversion names (A1111): wherever the token ids of an
// embedding's name appear in a prompt, its n vectors take their place as n ids past the
// vocabulary, which the text encoder looks up in its extra rows (ClipTextModel::set_extra_tokens).
// Matching is on token ids, so it is case-insensitive and whole-word, as in A1111.
#include <string>
#include <vector>

#include "core/text/tokenizer.h"

namespace reverie::adapters {

class EmbeddingTokenizer : public text::Tokenizer {
  public:
    // `first_extra_id`: the text encoder's vocabulary size. `base` must outlive this.
    EmbeddingTokenizer(const text::Tokenizer& base, int first_extra_id);

    // Registers an embedding of `count` vectors under `name`; its ids follow the previous ones'
    // (the extra rows are the embeddings' vectors in the order added). A name that tokenizes to
    // nothing is ignored; returns whether it was added.
    bool add(const std::string& name, int count);
    // Names whose ids appeared in a prompt encode() saw, in first-use order.
    const std::vector<std::string>& used() const { return used_; }

    std::vector<int> encode(const std::string& text) const override;
    std::vector<std::string> tokens(const std::string& text) const override {
        return base_.tokens(text);
    }
    std::string decode(const std::vector<int>& ids) const override;
    int bos_id() const override { return base_.bos_id(); }
    int eos_id() const override { return base_.eos_id(); }
    int pad_id() const override { return base_.pad_id(); }
    int max_length() const override { return base_.max_length(); }

  private:
    struct Entry {
        std::string name;
        std::vector<int> ids;  // the name's own token ids
        int first = 0;         // its first extra id
        int count = 0;
    };
    const text::Tokenizer& base_;
    int next_id_;
    std::vector<Entry> entries_;  // longest name (in ids) first
    mutable std::vector<std::string> used_;
};

}  // namespace reverie::adapters
