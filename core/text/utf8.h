#pragma once
// UTF-8 <-> code points. Prompts come from users and files, so malformed bytes are expected.
#include <string>

namespace reverie::text {

// Invalid, overlong, surrogate or truncated sequences become U+FFFD, as Python's errors="replace".
std::u32string utf8_to_u32(const std::string& bytes);
std::string u32_to_utf8(const std::u32string& text);
void append_utf8(std::string& out, char32_t cp);

}  // namespace reverie::text
