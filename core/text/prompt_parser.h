#pragma once
// AUTOMATIC1111's prompt emphasis syntax, so prompts written for the WebUI mean the same here.
#include <string>
#include <vector>

namespace reverie::text {

struct PromptFragment {
    std::string text;
    // Product of the enclosing multipliers; -1 marks a BREAK (text "BREAK").
    double weight = 1.0;

    bool is_break() const { return weight == -1.0 && text == "BREAK"; }
};

// As A1111's parse_prompt_attention: "(x)" x1.1, "[x]" /1.1, "(x:1.3)" x1.3, nesting multiplies,
// "\(" "\)" "\[" "\]" "\\" are literals (a lone "\" vanishes), unclosed brackets apply to the end
// of the prompt, unmatched closers are text, "BREAK" (upper case, a word of its own) splits chunks,
// and neighbouring fragments of equal weight are merged. Weights are doubles so that merging
// compares the same products A1111 compares. Throws Error for a malformed number such as
// "(x:1.2.3)", where A1111 fails too.
std::vector<PromptFragment> parse_prompt_attention(const std::string& prompt);

}  // namespace reverie::text
