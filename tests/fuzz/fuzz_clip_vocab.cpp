// A CLIP tokenizer's own files from a stranger: vocab.json and merges.txt (one input holds both,
// split at a marker line), then a prompt encoded with them.
#include "core/text/clip_bpe_tokenizer.h"
#include "tests/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reverie;
    const auto [vocab, merges] =
        fuzz::split_at(std::string(reinterpret_cast<const char*>(data), size), "\n=====\n");
    static const std::string vocab_path = fuzz::temp_path("vocab.json");
    static const std::string merges_path = fuzz::temp_path("merges.txt");
    fuzz::write_file(vocab_path, vocab.data(), vocab.size());
    fuzz::write_file(merges_path, merges.data(), merges.size());
    try {
        auto tok = text::ClipBpeTokenizer::from_files(vocab_path, merges_path, 0);
        const auto ids = tok->encode("a photo of an astronaut riding a horse, (masterpiece:1.2)");
        for (int id : ids)
            fuzz::expect(id >= 0 && size_t(id) < tok->vocab_size(), "id outside the vocabulary");
        tok->decode(ids);
    } catch (const Error&) {
    }
    return 0;
}
