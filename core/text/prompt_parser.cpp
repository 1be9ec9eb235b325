#include "core/text/prompt_parser.h"

#include <charconv>

#include "core/common/error.h"
#include "core/text/unicode_classes.h"
#include "core/text/utf8.h"

namespace reverie::text {

namespace {

constexpr double kRoundMultiplier = 1.1;
constexpr double kSquareMultiplier = 1 / 1.1;

bool is_syntax(char32_t c) {
    return c == U'\\' || c == U'(' || c == U')' || c == U'[' || c == U']' || c == U':';
}

// Matches `:\s*([+-]?[.\d]+)\s*\)` at `pos`; returns the end and the number's text, or 0.
size_t match_weight(const std::u32string& s, size_t pos, std::string* number) {
    size_t i = pos + 1;
    while (i < s.size() && is_space(s[i])) ++i;
    const size_t begin = i;
    if (i < s.size() && (s[i] == U'+' || s[i] == U'-')) ++i;
    const size_t digits = i;
    while (i < s.size() && (s[i] == U'.' || (s[i] >= U'0' && s[i] <= U'9'))) ++i;
    if (i == digits) return 0;
    *number = u32_to_utf8(s.substr(begin, i - begin));
    while (i < s.size() && is_space(s[i])) ++i;
    if (i >= s.size() || s[i] != U')') return 0;
    return i + 1;
}

double parse_weight(const std::string& number) {
    // from_chars: locale-independent (Qt applications set LC_NUMERIC from the environment).
    const char* first = number.data();
    const char* last = number.data() + number.size();
    if (*first == '+') ++first;
    double value = 0;
    auto [end, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || end != last)
        throw Error("the prompt weight '" + number + "' is not a number; write it like (word:1.2)");
    return value;
}

// Splits plain text at `\s*\bBREAK\b\s*` as re.split does.
std::vector<std::u32string> split_on_break(const std::u32string& s) {
    static const std::u32string kBreak = U"BREAK";
    std::vector<std::u32string> parts;
    size_t part_begin = 0, search = 0;
    while (true) {
        size_t at = s.find(kBreak, search);
        if (at == std::u32string::npos) break;
        const size_t after = at + kBreak.size();
        const bool bounded =
            (at == 0 || !is_word_char(s[at - 1])) && (after == s.size() || !is_word_char(s[after]));
        if (!bounded) {
            search = at + 1;
            continue;
        }
        size_t begin = at;
        while (begin > part_begin && is_space(s[begin - 1])) --begin;
        size_t end = after;
        while (end < s.size() && is_space(s[end])) ++end;
        parts.push_back(s.substr(part_begin, begin - part_begin));
        part_begin = search = end;
    }
    parts.push_back(s.substr(part_begin));
    return parts;
}

}  // namespace

std::vector<PromptFragment> parse_prompt_attention(const std::string& prompt) {
    const std::u32string s = utf8_to_u32(prompt);
    std::vector<PromptFragment> res;
    std::vector<size_t> round, square;
    auto multiply_from = [&res](size_t start, double factor) {
        for (size_t p = start; p < res.size(); ++p) res[p].weight *= factor;
    };
    auto add_text = [&res](const std::u32string& text) {
        const auto parts = split_on_break(text);
        for (size_t i = 0; i < parts.size(); ++i) {
            if (i > 0) res.push_back({"BREAK", -1.0});
            res.push_back({u32_to_utf8(parts[i]), 1.0});
        }
    };

    size_t i = 0;
    while (i < s.size()) {
        const char32_t c = s[i];
        if (c == U'\\') {
            const bool escape =
                i + 1 < s.size() && (s[i + 1] == U'(' || s[i + 1] == U')' || s[i + 1] == U'[' ||
                                     s[i + 1] == U']' || s[i + 1] == U'\\');
            res.push_back({escape ? u32_to_utf8(s.substr(i + 1, 1)) : std::string(), 1.0});
            i += escape ? 2 : 1;
        } else if (c == U'(') {
            round.push_back(res.size());
            ++i;
        } else if (c == U'[') {
            square.push_back(res.size());
            ++i;
        } else if (c == U':') {
            std::string number;
            const size_t end = match_weight(s, i, &number);
            if (end && !round.empty()) {
                multiply_from(round.back(), parse_weight(number));
                round.pop_back();
                i = end;
            } else if (end) {
                add_text(s.substr(i, end - i));
                i = end;
            } else {
                add_text(U":");
                ++i;
            }
        } else if (c == U')' && !round.empty()) {
            multiply_from(round.back(), kRoundMultiplier);
            round.pop_back();
            ++i;
        } else if (c == U']' && !square.empty()) {
            multiply_from(square.back(), kSquareMultiplier);
            square.pop_back();
            ++i;
        } else if (c == U')' || c == U']') {
            add_text(std::u32string(1, c));
            ++i;
        } else {
            size_t end = i;
            while (end < s.size() && !is_syntax(s[end])) ++end;
            add_text(s.substr(i, end - i));
            i = end;
        }
    }
    for (size_t pos : round) multiply_from(pos, kRoundMultiplier);
    for (size_t pos : square) multiply_from(pos, kSquareMultiplier);
    if (res.empty()) res.push_back({"", 1.0});

    std::vector<PromptFragment> merged;
    for (auto& fragment : res) {
        if (!merged.empty() && merged.back().weight == fragment.weight)
            merged.back().text += fragment.text;
        else
            merged.push_back(std::move(fragment));
    }
    return merged;
}

}  // namespace reverie::text
