#include "core/text/sentencepiece_tokenizer.h"

#include "core/common/error.h"
#include "core/text/utf8.h"

namespace reverie::text {

SentencePieceTokenizer::~SentencePieceTokenizer() = default;

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::from_file(
    const std::string& model_path, int max_length) {
    std::unique_ptr<SentencePieceTokenizer> tok(new SentencePieceTokenizer());
    tok->model_ = std::make_unique<SentencePieceModel>(model_path);
    const auto& sp = *tok->model_;
    if (sp.piece_size() <= 0)
        throw Error("'" + model_path + "' is not a valid SentencePiece model (no pieces)");
    tok->bos_id_ = sp.bos_id();
    tok->eos_id_ = sp.eos_id();
    tok->pad_id_ = sp.pad_id() >= 0 ? sp.pad_id() : sp.eos_id() >= 0 ? sp.eos_id() : sp.unk_id();
    if (tok->pad_id_ < 0) tok->pad_id_ = 0;
    const int specials = (tok->bos_id_ >= 0 ? 1 : 0) + (tok->eos_id_ >= 0 ? 1 : 0);
    if (max_length <= specials)
        throw Error("SentencePiece max_length " + std::to_string(max_length) +
                    " leaves no room for prompt tokens");
    tok->max_length_ = max_length;
    return tok;
}

// Invalid UTF-8 is replaced first: SentencePiece itself would drop or mangle it silently.
std::vector<int> SentencePieceTokenizer::encode(const std::string& text) const {
    return model_->encode(u32_to_utf8(utf8_to_u32(text)));
}

std::vector<std::string> SentencePieceTokenizer::tokens(const std::string& text) const {
    std::vector<std::string> pieces;
    for (int id : encode(text)) pieces.push_back(model_->id_to_piece(id));
    return pieces;
}

std::string SentencePieceTokenizer::decode(const std::vector<int>& ids) const {
    std::vector<int> valid;
    for (int id : ids)
        if (id >= 0 && id < model_->piece_size()) valid.push_back(id);
    return model_->decode(valid);
}

int SentencePieceTokenizer::vocab_size() const { return model_->piece_size(); }

}  // namespace reverie::text
