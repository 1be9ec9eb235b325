#include "core/io/keymap/block_index.h"

namespace reverie::io {

std::optional<int> block_index(const std::string& key, const std::string& prefix,
                               std::string* rest) {
    if (key.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
    size_t i = prefix.size();
    int n = 0;
    while (i < key.size() && key[i] >= '0' && key[i] <= '9' && i - prefix.size() < kMaxBlockDigits)
        n = n * 10 + (key[i++] - '0');
    if (i == prefix.size() || i >= key.size() || key[i] != '.') return std::nullopt;
    if (rest) *rest = key.substr(i + 1);
    return n;
}

}  // namespace reverie::io
