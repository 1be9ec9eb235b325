#include "core/text/sentencepiece_tokenizer.h"

#include <sentencepiece_processor.h>

#include <fstream>

#include "core/common/error.h"
#include "core/text/utf8.h"

namespace reverie::text {

SentencePieceTokenizer::~SentencePieceTokenizer() = default;

namespace {

// Set once libsentencepiece's protobuf has failed: its half-initialised state crashes on the next
// attempt, so later loads report the first error instead of touching it again.
std::string& runtime_failure() {
    static std::string message;
    return message;
}

}  // namespace

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::from_file(
    const std::string& model_path, int max_length) {
    if (!std::ifstream(model_path, std::ios::binary))
        throw Error("cannot open the SentencePiece tokenizer model '" + model_path + "'");
    std::unique_ptr<SentencePieceTokenizer> tok(new SentencePieceTokenizer());
    if (!runtime_failure().empty())
        throw Error("cannot read the SentencePiece model '" + model_path +
                    "': " + runtime_failure());
    sentencepiece::util::Status status;
    try {
        tok->processor_ = std::make_unique<sentencepiece::SentencePieceProcessor>();
        status = tok->processor_->Load(model_path);
    } catch (const std::exception& e) {
        // Debian's libsentencepiece carries its own protobuf 3.14; when the system libprotobuf is
        // loaded first (as the executables do for libtorch), its version check throws here.
        runtime_failure() = std::string("the protobuf runtime rejected it (") + e.what() + ")";
        throw Error("cannot read the SentencePiece model '" + model_path +
                    "': " + runtime_failure());
    }
    if (!status.ok() || tok->processor_->GetPieceSize() <= 0)
        throw Error("'" + model_path + "' is not a valid SentencePiece model (" +
                    status.ToString() + "); expected a .model file such as spiece.model");
    const auto& sp = *tok->processor_;
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
    std::vector<int> ids;
    const auto status = processor_->Encode(u32_to_utf8(utf8_to_u32(text)), &ids);
    if (!status.ok())
        throw Error("SentencePiece could not encode the prompt: " + status.ToString());
    return ids;
}

std::vector<std::string> SentencePieceTokenizer::tokens(const std::string& text) const {
    std::vector<std::string> pieces;
    const auto status = processor_->Encode(u32_to_utf8(utf8_to_u32(text)), &pieces);
    if (!status.ok())
        throw Error("SentencePiece could not encode the prompt: " + status.ToString());
    return pieces;
}

std::string SentencePieceTokenizer::decode(const std::vector<int>& ids) const {
    std::vector<int> valid;
    for (int id : ids)
        if (id >= 0 && id < processor_->GetPieceSize()) valid.push_back(id);
    std::string text;
    const auto status = processor_->Decode(valid, &text);
    if (!status.ok()) throw Error("SentencePiece could not decode ids: " + status.ToString());
    return text;
}

int SentencePieceTokenizer::vocab_size() const {
    return processor_->GetPieceSize();
}

}  // namespace reverie::text
