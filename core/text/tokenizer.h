#pragma once
// What the text encoders need from a tokenizer, whatever its algorithm (CLIP BPE, SentencePiece).
#include <string>
#include <vector>

namespace reverie::text {

class Tokenizer {
  public:
    virtual ~Tokenizer() = default;

    // Token ids of `text`, without BOS/EOS and without truncation.
    virtual std::vector<int> encode(const std::string& text) const = 0;
    // The token strings behind encode(), for debugging and tests.
    virtual std::vector<std::string> tokens(const std::string& text) const = 0;
    // Best-effort text of `ids`; special tokens are left out.
    virtual std::string decode(const std::vector<int>& ids) const = 0;

    // -1 when the model has no such token (then padding code leaves it out).
    virtual int bos_id() const = 0;
    virtual int eos_id() const = 0;
    virtual int pad_id() const = 0;
    // Row length the text encoder expects, specials included (77 for CLIP).
    virtual int max_length() const = 0;
};

}  // namespace reverie::text
