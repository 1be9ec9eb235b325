#include "core/text/clip_pretokenize.h"

#include "core/text/unicode_classes.h"

namespace reverie::text {

namespace {

// The alternatives tried before the character classes, in the pattern's order.
const std::u32string kLiterals[] = {
    U"<|startoftext|>", U"<|endoftext|>", U"'s", U"'t", U"'re", U"'ve", U"'m", U"'ll", U"'d"};

bool starts_with_at(const std::u32string& text, size_t pos, const std::u32string& prefix) {
    return text.compare(pos, prefix.size(), prefix) == 0;
}

bool is_other(char32_t c) {
    return !is_space(c) && !is_letter(c) && !is_number(c);
}

}  // namespace

std::vector<std::u32string> clip_pretokenize(const std::u32string& text) {
    std::vector<std::u32string> words;
    size_t i = 0;
    const size_t n = text.size();
    while (i < n) {
        bool matched_literal = false;
        for (const auto& literal : kLiterals) {
            if (starts_with_at(text, i, literal)) {
                words.push_back(literal);
                i += literal.size();
                matched_literal = true;
                break;
            }
        }
        if (matched_literal) continue;
        const char32_t c = text[i];
        size_t end = i + 1;
        if (is_letter(c)) {
            while (end < n && is_letter(text[end])) ++end;
        } else if (is_number(c)) {
            // one digit per word: "2023" is four tokens
        } else if (is_space(c)) {
            ++i;
            continue;
        } else {
            while (end < n && is_other(text[end])) ++end;
        }
        words.push_back(text.substr(i, end - i));
        i = end;
    }
    return words;
}

}  // namespace reverie::text
