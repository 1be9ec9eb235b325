// The fuzz targets without libFuzzer: `fuzz_replay TARGET DIR...` sends every file in the folders
// (its seed corpus, the crashers found so far) through the target once. The normal build runs this
// under CTest, so a fixed crash that comes back fails CI, no clang needed.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "replay_targets.h"

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    const ReplayTarget* target = nullptr;
    for (const auto& t : replay_targets())
        if (argc > 1 && t.name == argv[1]) target = &t;
    if (!target) {
        std::fprintf(stderr, "usage: fuzz_replay TARGET DIR...; targets:");
        for (const auto& t : replay_targets()) std::fprintf(stderr, " %s", t.name.c_str());
        std::fprintf(stderr, "\n");
        return 2;
    }
    std::vector<fs::path> inputs;
    for (int i = 2; i < argc; ++i) {
        std::error_code ec;
        // A target with no crashers yet has no regressions folder.
        if (!fs::is_directory(argv[i], ec)) continue;
        for (const auto& entry : fs::directory_iterator(argv[i]))
            if (entry.is_regular_file()) inputs.push_back(entry.path());
    }
    if (inputs.empty()) {
        std::fprintf(stderr, "no inputs found in the folders given\n");
        return 1;
    }
    std::sort(inputs.begin(), inputs.end());
    for (const auto& path : inputs) {
        std::ifstream in(path, std::ios::binary);
        const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                      std::istreambuf_iterator<char>());
        std::printf("%s\n", path.c_str());
        std::fflush(stdout);  // the last line names the input when one crashes
        target->run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    }
    std::printf("replayed %zu inputs\n", inputs.size());
    return 0;
}
