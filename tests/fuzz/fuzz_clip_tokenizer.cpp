// The CLIP BPE tokenizer on prompt text (text cleanup, pre-tokenization, BPE, decoding) and the
// prompt -> token rows chunking on top of it, with the real SD vocabulary from ../shared.
#include <cstring>
#include <vector>
#include "core/text/clip_bpe_tokenizer.h"
#include "core/text/prompt_chunks.h"

#include "tests/fuzz/fuzz_target.h"

namespace {

const reverie::text::ClipBpeTokenizer& tokenizer() {
    // The real SD vocabulary from ../shared/assets (never a copy in the tree); without it the
    // target cannot run, and says so (CTest counts exit code 77 as skipped).
    static const auto tok = [] {
        const std::string dir = REVERIE_FUZZ_CLIP_DIR;
        if (!std::ifstream(dir + "/vocab.json")) {
            std::printf("SKIPPED: %s/vocab.json missing (the CLIP vocabulary from ../shared)\n",
                        dir.c_str());
            std::exit(77);
        }
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
