#include "core/adapters/adapter_set.h"

#include <cmath>
#include <cstdlib>
#include <optional>

#include "core/common/error.h"
#include "core/io/mapped_file.h"
#include "core/io/sha256.h"

namespace reverie::adapters {

namespace {

std::optional<double> number(const std::string& s) {
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (*end != '\0' || !std::isfinite(v)) return std::nullopt;
    return v;
}

}  // namespace

LoraRef parse_lora_argument(const std::string& arg) {
    std::string path = arg;
    std::vector<double> numbers;
    while (numbers.size() < 2) {
        const auto colon = path.rfind(':');
        if (colon == std::string::npos) break;
        const auto v = number(path.substr(colon + 1));
        if (!v) break;
        numbers.insert(numbers.begin(), *v);
        path.resize(colon);
    }
    if (path.empty()) throw Error("--lora needs a file, got '" + arg + "'");
    LoraRef ref;
    ref.path = path;
    if (!numbers.empty()) ref.text_encoder = ref.unet = numbers[0];
    if (numbers.size() > 1) ref.unet = numbers[1];
    return ref;
}

std::string lora_short_hash(const std::string& path) {
    const io::MappedFile file(path);
    uint64_t header = 0;
    if (file.size() < 8) throw Error("'" + path + "' is too short for a safetensors file");
    for (int i = 7; i >= 0; --i) header = (header << 8) | file.data()[i];
    if (header > file.size() - 8) throw Error("'" + path + "' has a header past its end");
    io::Sha256 sha;
    sha.update(file.data() + 8 + header, size_t(file.size() - 8 - header));
    return sha.hex_digest().substr(0, 12);
}

}  // namespace reverie::adapters
