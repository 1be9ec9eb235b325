#pragma once
// Access to libsentencepiece through the isolated shim (see core/text/spm_shim/spm_shim.h for why).
#include <string>
#include <vector>

namespace reverie::text {

// A loaded SentencePiece model. Throws reverie::Error when the shim or the model cannot be loaded.
class SentencePieceModel {
  public:
    explicit SentencePieceModel(const std::string& model_path);
    ~SentencePieceModel();
    SentencePieceModel(const SentencePieceModel&) = delete;
    SentencePieceModel& operator=(const SentencePieceModel&) = delete;

    std::vector<int> encode(const std::string& text) const;
    std::string decode(const std::vector<int>& ids) const;
    std::string id_to_piece(int id) const;
    int piece_size() const;
    int bos_id() const;  // -1 when the model has none
    int eos_id() const;
    int pad_id() const;
    int unk_id() const;

  private:
    void* handle_ = nullptr;
};

// Trains a model with spm_train's flags, e.g. "--input=corpus.txt --model_prefix=out
// --vocab_size=64".
void train_sentencepiece(const std::string& flags);

// Where the shim was found (for diagnostics); throws when it cannot be loaded.
std::string sentencepiece_shim_path();

}  // namespace reverie::text
