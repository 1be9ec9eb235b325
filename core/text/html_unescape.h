#pragma once
// Python's html.unescape, which CLIP's text cleanup applies: prompts scraped from the web carry
// "&amp;", "&quot;", "&#39;"... and the reference tokenizes the decoded characters.
#include <string>

namespace reverie::text {

// Numeric references follow Python exactly (including its Windows-1252 fix-ups for 0x80-0x9F);
// named references cover the common HTML entities, not all 2231 of HTML5. An unknown name is left
// as written.
std::u32string html_unescape(const std::u32string& text);

}  // namespace reverie::text
