#include "core/text/html_unescape.h"

#include <cstdint>
#include <unordered_map>

namespace reverie::text {

namespace {

struct Entity {
    char32_t cp;
    // HTML5 also accepts a few legacy names without the ';'.
    bool semicolon_optional;
};

const std::unordered_map<std::u32string, Entity>& named_entities() {
    static const std::unordered_map<std::u32string, Entity> table = {
        {U"amp", {U'&', true}},      {U"lt", {U'<', true}},        {U"gt", {U'>', true}},
        {U"quot", {U'"', true}},     {U"apos", {U'\'', false}},    {U"nbsp", {0xA0, true}},
        {U"copy", {0xA9, true}},     {U"reg", {0xAE, true}},       {U"deg", {0xB0, true}},
        {U"times", {0xD7, true}},    {U"divide", {0xF7, true}},    {U"middot", {0xB7, true}},
        {U"laquo", {0xAB, true}},    {U"raquo", {0xBB, true}},     {U"para", {0xB6, true}},
        {U"sect", {0xA7, true}},     {U"plusmn", {0xB1, true}},    {U"micro", {0xB5, true}},
        {U"eacute", {0xE9, true}},   {U"egrave", {0xE8, true}},    {U"agrave", {0xE0, true}},
        {U"aacute", {0xE1, true}},   {U"ccedil", {0xE7, true}},    {U"uuml", {0xFC, true}},
        {U"ouml", {0xF6, true}},     {U"auml", {0xE4, true}},      {U"szlig", {0xDF, true}},
        {U"ntilde", {0xF1, true}},   {U"iexcl", {0xA1, true}},     {U"iquest", {0xBF, true}},
        {U"cent", {0xA2, true}},     {U"pound", {0xA3, true}},     {U"yen", {0xA5, true}},
        {U"euro", {0x20AC, false}},  {U"hellip", {0x2026, false}}, {U"mdash", {0x2014, false}},
        {U"ndash", {0x2013, false}}, {U"lsquo", {0x2018, false}},  {U"rsquo", {0x2019, false}},
        {U"ldquo", {0x201C, false}}, {U"rdquo", {0x201D, false}},  {U"bull", {0x2022, false}},
        {U"trade", {0x2122, false}}, {U"hearts", {0x2665, false}}, {U"star", {0x2606, false}},
        {U"larr", {0x2190, false}},  {U"rarr", {0x2192, false}},   {U"infin", {0x221E, false}},
    };
    return table;
}

// What browsers (and Python) substitute for references to C1 controls: the Windows-1252 reading.
char32_t windows1252_fixup(uint32_t num) {
    static const char32_t c1[32] = {0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
                                    0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
    return c1[num - 0x80];
}

bool is_digit(char32_t c, bool hex) {
    return (c >= U'0' && c <= U'9') ||
           (hex && ((c >= U'a' && c <= U'f') || (c >= U'A' && c <= U'F')));
}

// Appends the character for &#...; and returns true, or returns false when nothing should be added.
bool numeric_reference(const std::u32string& digits, bool hex, std::u32string& out) {
    uint64_t num = 0;
    for (char32_t c : digits) {
        const uint32_t d = c <= U'9' ? c - U'0' : (c | 0x20) - U'a' + 10;
        num = num * (hex ? 16 : 10) + d;
        if (num > 0x10FFFF) num = 0x110000;  // saturate: any larger value means U+FFFD
    }
    if (num == 0 || num > 0x10FFFF || (num >= 0xD800 && num <= 0xDFFF)) {
        out.push_back(0xFFFD);
    } else if (num == 0x0D) {
        out.push_back(U'\r');
    } else if (num >= 0x80 && num <= 0x9F) {
        const char32_t fixed = windows1252_fixup(uint32_t(num));
        if (fixed >= 0x80 && fixed <= 0x9F) return false;  // still a C1 control: dropped
        out.push_back(fixed);
    } else if ((num >= 0x01 && num <= 0x08) || num == 0x0B || (num >= 0x0E && num <= 0x1F) ||
               num == 0x7F || (num >= 0xFDD0 && num <= 0xFDEF) || (num & 0xFFFE) == 0xFFFE) {
        return false;
    } else {
        out.push_back(char32_t(num));
    }
    return true;
}

bool ends_name(char32_t c) {
    return c == U'\t' || c == U'\n' || c == U'\f' || c == U' ' || c == U'<' || c == U'&' ||
           c == U'#' || c == U';';
}

}  // namespace

std::u32string html_unescape(const std::u32string& text) {
    std::u32string out;
    out.reserve(text.size());
    const size_t n = text.size();
    size_t i = 0;
    while (i < n) {
        if (text[i] != U'&' || i + 1 >= n) {
            out.push_back(text[i++]);
            continue;
        }
        size_t j = i + 1;
        if (text[j] == U'#') {
            const bool hex = j + 1 < n && (text[j + 1] == U'x' || text[j + 1] == U'X');
            size_t k = j + (hex ? 2 : 1);
            const size_t digits_begin = k;
            while (k < n && is_digit(text[k], hex)) ++k;
            if (k == digits_begin) {
                out.push_back(text[i++]);
                continue;
            }
            numeric_reference(text.substr(digits_begin, k - digits_begin), hex, out);
            if (k < n && text[k] == U';') ++k;
            i = k;
            continue;
        }
        size_t k = j;
        while (k < n && k - j < 32 && !ends_name(text[k])) ++k;
        if (k == j) {
            out.push_back(text[i++]);
            continue;
        }
        const auto& table = named_entities();
        const std::u32string name = text.substr(j, k - j);
        const bool has_semicolon = k < n && text[k] == U';';
        auto it = table.find(name);
        if (it != table.end() && (has_semicolon || it->second.semicolon_optional)) {
            out.push_back(it->second.cp);
            i = k + (has_semicolon ? 1 : 0);
            continue;
        }
        // Like HTML5: the longest legacy name that prefixes the run ("&ampx" -> "&x").
        bool replaced = false;
        for (size_t len = name.size() - 1; len >= 2 && !replaced; --len) {
            auto prefix = table.find(name.substr(0, len));
            if (prefix != table.end() && prefix->second.semicolon_optional) {
                out.push_back(prefix->second.cp);
                i = j + len;
                replaced = true;
            }
        }
        if (!replaced) out.push_back(text[i++]);
    }
    return out;
}

}  // namespace reverie::text
