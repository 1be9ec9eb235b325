#pragma once
// CLIP's pre-tokenizer: splits cleaned, lower-cased text into the words BPE runs on.
#include <string>
#include <vector>

namespace reverie::text {

// The matches of `<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|
// [^\s\p{L}\p{N}]+`, scanned left to right as re.findall does; whitespace separates and is dropped.
std::vector<std::u32string> clip_pretokenize(const std::u32string& text);

}  // namespace reverie::text
