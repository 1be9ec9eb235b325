#include "core/adapters/prompt_loras.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "core/common/error.h"

namespace reverie::adapters {

namespace fs = std::filesystem;

namespace {

double multiplier(const std::string& value, const std::string& tag) {
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !std::isfinite(v))
        throw Error("prompt: '" + tag + "' has a multiplier '" + value + "' that is not a number");
    return v;
}

// `NAME[:A[:B]]` with any argument possibly `te=X` / `unet=X` (A1111 extra_networks_lora).
PromptLora parse_arguments(const std::string& args, const std::string& tag) {
    std::vector<std::string> positional;
    std::optional<double> te, unet;
    size_t start = 0;
    while (true) {
        const size_t colon = args.find(':', start);
        const std::string item = args.substr(start, colon - start);
        const size_t eq = item.find('=');
        if (!positional.empty() && eq != std::string::npos) {
            const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
            if (key == "te")
                te = multiplier(value, tag);
            else if (key == "unet")
                unet = multiplier(value, tag);
        } else {
            positional.push_back(item);
        }
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    PromptLora l;
    l.name = positional[0];
    if (l.name.empty()) throw Error("prompt: '" + tag + "' names no LoRA");
    l.text_encoder = te ? *te : positional.size() > 1 ? multiplier(positional[1], tag) : 1.0;
    l.unet = unet ? *unet : positional.size() > 2 ? multiplier(positional[2], tag) : l.text_encoder;
    return l;
}

}  // namespace

PromptLoras extract_prompt_loras(const std::string& prompt) {
    PromptLoras out;
    size_t i = 0;
    while (i < prompt.size()) {
        const size_t open = prompt.find('<', i);
        if (open == std::string::npos) break;
        const size_t close = prompt.find('>', open);
        const size_t colon = prompt.find(':', open);
        if (close == std::string::npos) break;
        const std::string kind = colon < close ? prompt.substr(open + 1, colon - open - 1) : "";
        if (kind != "lora" && kind != "lyco") {
            out.text += prompt.substr(i, open + 1 - i);
            i = open + 1;
            continue;
        }
        out.text += prompt.substr(i, open - i);
        const std::string tag = prompt.substr(open, close + 1 - open);
        out.loras.push_back(parse_arguments(prompt.substr(colon + 1, close - colon - 1), tag));
        i = close + 1;
    }
    if (i < prompt.size()) out.text += prompt.substr(i);
    return out;
}

std::optional<std::string> find_lora_file(const std::string& name,
                                          const std::vector<std::string>& dirs) {
    for (const auto& dir : dirs) {
        std::error_code ec;
        if (dir.empty() || !fs::is_directory(dir, ec)) continue;
        const fs::path direct = fs::path(dir) / (name + ".safetensors");
        if (fs::is_regular_file(direct, ec)) return direct.string();
        for (auto it = fs::recursive_directory_iterator(
                 dir, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
            if (it->path().extension() == ".safetensors" && it->path().stem() == name &&
                it->is_regular_file(ec))
                return it->path().string();
    }
    return std::nullopt;
}

}  // namespace reverie::adapters
