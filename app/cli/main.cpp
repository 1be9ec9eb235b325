// reverie-cli: the headless face of the engine. Exit 0 on success; one-line error and non-zero
// otherwise.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <c10/util/Exception.h>

#include "app/cli/commands.h"
#include "core/common/allocator_tuning.h"
#include "core/common/error.h"
#include "core/common/version.h"

namespace {

struct Command {
    const char* name;
    const char* summary;
    int (*run)(const reverie::cli::CommandArgs&);
};

const Command kCommands[] = {
    {"info", "MODEL — detected family, layout, prediction type, parameter counts",
     reverie::cli::cmd_info},
    {"tokenize", "--model MODEL TEXT — token ids of each 77-token chunk",
     reverie::cli::cmd_tokenize},
    {"bench",
     "[--preset sd15|sd21|tiny] [--device cpu|cuda] [--dtype fp32|fp16|bf16] [--size 512] "
     "[--runs N] [--json] — component timings; --live [--model M] [--steps 6]: live "
     "painting's stroke-to-picture latency",
     reverie::cli::cmd_bench},
    {"generate", "--model MODEL --prompt TEXT [...] — txt2img / img2img / inpainting to a PNG",
     reverie::cli::cmd_generate},
    {"train-demo", "[--out DIR] [--smoke] — train the built-in model (reverie-shapes)",
     reverie::cli::cmd_train_demo},
    {"eval-demo",
     "[--model DIR] [--count N] [--first N] [--cfg F] [--json] — grade the built-in model's "
     "pictures",
     reverie::cli::cmd_eval_demo},
    {"assets",
     "status | fetch [--only NAME] [--dest DIR] — files Reverie cannot ship (CLIP vocabulary, "
     "TAESD)",
     reverie::cli::cmd_assets},
};

void usage(FILE* to) {
    std::fprintf(to, "usage: reverie-cli COMMAND [options]\n\ncommands:\n");
    for (const auto& c : kCommands) std::fprintf(to, "  %-10s %s\n", c.name, c.summary);
    std::fprintf(to, "\n  --version  print the version\n  --help     this text\n");
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        usage(args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::printf("reverie-cli %s\n", reverie::version_string().c_str());
        return 0;
    }
    reverie::tune_allocator();
    for (const auto& c : kCommands) {
        if (args[0] != c.name) continue;
        try {
            return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
        } catch (const reverie::Error& e) {
            std::fprintf(stderr, "error: %s\n", e.what());
        } catch (const c10::Error& e) {
            std::fprintf(stderr, "error: %s\n", e.what_without_backtrace());
        } catch (const std::exception& e) {
            std::fprintf(stderr, "error: %s\n", e.what());
        }
        return 1;
    }
    std::fprintf(stderr, "error: unknown command '%s' (try --help)\n", args[0].c_str());
    return 2;
}
