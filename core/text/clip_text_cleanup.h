#pragma once
// The text normalisation CLIP applies before BPE (OpenAI's basic_clean + whitespace_clean + lower,
// as transformers' CLIPTokenizer does with ftfy installed).
#include <string>

namespace reverie::text {

// The parts of ftfy.fix_text (6.x defaults) that change prompts in practice: HTML entities (skipped
// when the text contains '<', as ftfy's "auto"), terminal escapes, Latin ligatures, full-width
// forms, curly quotes, line breaks, control characters, NFC. Not done: ftfy's mojibake repair
// ("cafÃ©" -> "café"), which is a statistical guess.
std::u32string ftfy_fix_text(std::u32string text);

// ftfy fix, html.unescape twice, whitespace runs to one space, strip, lower-case.
std::u32string clean_clip_text(const std::u32string& text);

}  // namespace reverie::text
