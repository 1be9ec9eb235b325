// A SentencePiece model file from a stranger (tokenizer/spiece.model of a diffusers folder), then
// text encoded and decoded with it. The first input byte picks what is fuzzed: odd, the model file
// (with a fixed prompt); even, the prompt (with the built-in model's spiece.model).
#include "core/text/sentencepiece_tokenizer.h"
#include "tests/fuzz/fuzz_target.h"

namespace {

void exercise(const reverie::text::SentencePieceTokenizer& tok, const std::string& text) {
    using reverie::fuzz::expect;
    const auto ids = tok.encode(text);
    for (int id : ids) expect(id >= 0 && id < tok.vocab_size(), "id outside the vocabulary");
    tok.tokens(text);
    tok.decode(ids);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reverie;
    if (size == 0) return 0;
    const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        if (data[0] & 1) {
            static const std::string path = fuzz::temp_path("spiece.model");
            fuzz::write_file(path, rest.data(), rest.size());
            exercise(*text::SentencePieceTokenizer::from_file(path, 77), "a red circle, BREAK");
        } else {
            static const auto builtin =
                text::SentencePieceTokenizer::from_file(REVERIE_FUZZ_BUILTIN_SPM, 77);
            exercise(*builtin, rest);
        }
    } catch (const Error&) {
    }
    return 0;
}
