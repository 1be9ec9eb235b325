#pragma once
// The block number in keys such as "transformer.resblocks.11.mlp.c_fc.weight", read by hand:
// keys come from untrusted headers, where a regex would recurse once per digit of a
// 100000-digit "number" and std::stoi would throw for one over INT_MAX.
#include <cstddef>
#include <optional>
#include <string>

namespace reverie::io {

// Real models have dozens of blocks; longer numbers are not block numbers.
constexpr size_t kMaxBlockDigits = 6;

// N when `key` is `prefix` + N + "." (N of 1..kMaxBlockDigits digits); `rest` gets what follows
// the dot.
std::optional<int> block_index(const std::string& key, const std::string& prefix,
                               std::string* rest = nullptr);

}  // namespace reverie::io
