#pragma once
// The Unicode character classes and transforms the CLIP text cleanup relies on (ICU underneath),
// named after the Python behaviour they stand in for.
#include <string>

namespace reverie::text {

// regex \p{L} / \p{N}.
bool is_letter(char32_t cp);
bool is_number(char32_t cp);
// Python str.isspace() (what `\s` matches in Python's re on str).
bool is_space(char32_t cp);
// Python re's `\w` on str (for `\b`): letters, numbers and '_'.
bool is_word_char(char32_t cp);

// Python str.lower(): full case mapping (one code point may become several).
std::u32string to_lower(const std::u32string& text);
std::u32string nfc(const std::u32string& text);
std::u32string nfkc(const std::u32string& text);

}  // namespace reverie::text
