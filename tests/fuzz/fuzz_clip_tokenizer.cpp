// The CLIP BPE tokenizer on prompt text (text cleanup, pre-tokenization, BPE, decoding) and the
// prompt -> token rows chunking on top of it, with the real SD vocabulary when ../shared has it.
#include <cstring>
#include <vector>
#include "core/text/clip_bpe_tokenizer.h"
#include "core/text/prompt_chunks.h"

#include "tests/fuzz/fuzz_target.h"

namespace {

const reverie::text::ClipBpeTokenizer& tokenizer() {
    // Without the real files, the tiny vocabulary of the vocab target's seed stands in.
    static const auto tok = [] {
        const std::string real = REVERIE_FUZZ_CLIP_DIR;
        std::ifstream probe(real + "/vocab.json");
        const std::string dir = probe ? real : REVERIE_FUZZ_TINY_CLIP_DIR;
        return reverie::text::ClipBpeTokenizer::from_files(dir + "/vocab.json", dir + "/merges.txt",
                                                           49407);
    }();
    return *tok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reverie;
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto& tok = tokenizer();
    try {
        const std::vector<int> ids = tok.encode(text);
        fuzz::expect(tok.tokens(text).size() == ids.size(), "tokens() and encode() disagree");
        for (int id : ids)
            fuzz::expect(id >= 0 && size_t(id) < tok.vocab_size(), "id outside the vocabulary");
        tok.decode(ids);
        // Ids from a stranger (a saved request, a PNG) must decode without a crash too.
        std::vector<int> raw(size / 4);
        if (!raw.empty()) std::memcpy(raw.data(), data, raw.size() * 4);
        tok.decode(raw);
        for (const auto& chunk : text::chunk_prompt(tok, text))
            fuzz::expect(chunk.ids.size() == size_t(tok.max_length()), "row of the wrong length");
    } catch (const Error&) {
    }
    return 0;
}
