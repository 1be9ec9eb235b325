#pragma once
// The Tokenizer interface on a SentencePiece model (T5-style and other small text encoders).
#include <memory>
#include <string>
#include <vector>

#include "core/text/sentencepiece_library.h"
#include "core/text/tokenizer.h"

namespace reverie::text {

class SentencePieceTokenizer : public Tokenizer {
  public:
    // BOS/EOS/PAD come from the model. A model without a pad piece pads with EOS (or, lacking that
    // too, with the unknown piece); a model without BOS or EOS reports -1 and rows go without it.
    static std::unique_ptr<SentencePieceTokenizer> from_file(const std::string& model_path,
                                                             int max_length);
    ~SentencePieceTokenizer() override;

    std::vector<int> encode(const std::string& text) const override;
    std::vector<std::string> tokens(const std::string& text) const override;
    std::string decode(const std::vector<int>& ids) const override;
    int bos_id() const override { return bos_id_; }
    int eos_id() const override { return eos_id_; }
    int pad_id() const override { return pad_id_; }
    int max_length() const override { return max_length_; }
    int vocab_size() const;

  private:
    SentencePieceTokenizer() = default;

    std::unique_ptr<SentencePieceModel> model_;
    int bos_id_ = -1, eos_id_ = -1, pad_id_ = 0, max_length_ = 0;
};

}  // namespace reverie::text
