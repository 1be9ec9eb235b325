// reverie-cli tokenize --model MODEL TEXT: how a prompt is cut into 77-token chunks, one line of
// ids per chunk, as the text encoder will see it (AUTOMATIC1111 syntax unless --plain).
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/common/error.h"
#include "core/io/checkpoint.h"
#include "core/pipeline/loaded_model.h"
#include "core/text/prompt_chunks.h"

namespace reverie::cli {

int cmd_tokenize(const CommandArgs& argv) {
    Args args(argv, {"model"}, {"plain"});
    if (!args.get("model") || args.positional().empty())
        throw Error("usage: reverie-cli tokenize --model MODEL [--plain] TEXT");
    std::string text;
    for (const auto& p : args.positional()) text += (text.empty() ? "" : " ") + p;

    auto cp = io::Checkpoint::open(*args.get("model"));
    const auto tokenizer = pipeline::load_tokenizer(cp->description());
    const auto chunks = text::chunk_prompt(*tokenizer, text, !args.flag("plain"));
    size_t count = 0;
    for (const auto& chunk : chunks) {
        std::string line;
        for (size_t i = 0; i < chunk.ids.size(); ++i)
            line += (i ? " " : "") + std::to_string(chunk.ids[i]);
        std::printf("%s\n", line.c_str());
        // Prompt tokens sit between BOS and the first EOS.
        for (size_t i = 1; i < chunk.ids.size() && chunk.ids[i] != tokenizer->eos_id(); ++i)
            ++count;
    }
    std::printf("%zu tokens in %zu chunk%s\n", count, chunks.size(), chunks.size() == 1 ? "" : "s");
    return 0;
}

}  // namespace reverie::cli
