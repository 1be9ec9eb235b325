#include "app/cli/info_adapter.h"

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "core/adapters/adapter_file.h"
#include "core/adapters/adapter_info.h"
#include "core/adapters/embedding_file.h"
#include "core/adapters/target_names.h"
#include "core/common/error.h"
#include "core/io/safetensors.h"

namespace reverie::cli {

namespace {

template <typename Map>
std::string counts(const Map& m) {
    std::string out;
    for (const auto& [k, n] : m) {
        std::ostringstream os;
        os << k << " (" << n << ")";
        out += (out.empty() ? "" : ", ") + os.str();
    }
    return out;
}

// Embedding files are small: at most three tensors, named as textual-inversion formats name them.
bool looks_like_embedding(const io::SafetensorsFile& f) {
    if (f.keys().empty() || f.keys().size() > 3) return false;
    for (const auto& info : f.infos())
        if (info.shape.empty() || info.shape.size() > 2) return false;
    return f.keys().size() == 1 || f.contains("clip_l") || f.contains("clip_g");
}

void print_embedding(const adapters::TextualInversion& ti) {
    std::printf("embedding:   %s\n", ti.path.c_str());
    std::printf("kind:        textual inversion\n");
    std::printf("prompt name: %s\n", ti.name.c_str());
    std::printf("vectors:     %lld\n", static_cast<long long>(ti.count()));
    for (const auto& [component, v] : ti.vectors)
        std::printf("  %-14s width %lld\n", component.c_str(), static_cast<long long>(v.size(1)));
    const bool xl = ti.vectors.count(adapters::kTextEncoder2) != 0;
    std::printf("family:      %s\n",
                xl ? "SDXL" : "SD 1.x/2.x (by width: 768 SD 1.x, 1024 SD 2.x)");
}

}  // namespace

bool print_adapter_info(const std::string& path) {
    const auto extension = std::filesystem::path(path).extension();
    // A1111's .pt embeddings, through the restricted unpickler.
    if (extension == ".pt") {
        print_embedding(adapters::read_embedding(path));
        return true;
    }
    if (extension != ".safetensors") return false;
    auto st = io::SafetensorsFile::open(path);
    if (adapters::looks_like_adapter(st->keys())) {
        const auto file = adapters::read_adapter_file(path);
        const auto s = adapters::summarize(file);
        std::printf("adapter:     %s\n", path.c_str());
        std::printf("kind:        %s\n", counts(s.kinds).c_str());
        std::printf("family:      %s\n",
                    s.family.empty() ? "not stated (any whose names match)" : s.family.c_str());
        std::printf("rank:        %s\n", counts(s.ranks).c_str());
        std::printf("targets:     %s\n", counts(s.components).c_str());
        std::printf("modules:     %zu\n", file.modules.size());
        if (!file.skipped.empty())
            std::printf("ignored:     %zu tensors, e.g. %s\n", file.skipped.size(),
                        file.skipped.front().c_str());
        std::string words;
        for (const auto& w : s.trigger_words) words += (words.empty() ? "" : ", ") + w;
        std::printf("trigger words: %s\n",
                    words.empty() ? "(none in its metadata)" : words.c_str());
        return true;
    }
    if (!looks_like_embedding(*st)) return false;
    print_embedding(adapters::read_embedding(path));
    return true;
}

}  // namespace reverie::cli
