#include "core/text/clip_text_cleanup.h"

#include "core/text/html_unescape.h"
#include "core/text/unicode_classes.h"

namespace reverie::text {

namespace {

bool has_char(const std::u32string& text, char32_t c) {
    return text.find(c) != std::u32string::npos;
}

// ESC [ digits/semicolons letter: colour codes pasted from a terminal.
std::u32string remove_terminal_escapes(const std::u32string& text) {
    if (!has_char(text, 0x1B)) return text;
    std::u32string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == 0x1B && i + 1 < text.size() && text[i + 1] == U'[') {
            size_t k = i + 2;
            while (k < text.size() && ((text[k] >= U'0' && text[k] <= U'9') || text[k] == U';'))
                ++k;
            const bool letter =
                k < text.size() && ((text[k] | 0x20) >= U'a' && (text[k] | 0x20) <= U'z');
            if (letter) {
                i = k;
                continue;
            }
        }
        out.push_back(text[i]);
    }
    return out;
}

bool is_latin_ligature(char32_t c) {
    return c == 0x132 || c == 0x133 || c == 0x149 || (c >= 0x1C4 && c <= 0x1CC) ||
           (c >= 0x1F1 && c <= 0x1F3) || (c >= 0xFB00 && c <= 0xFB06);
}

bool is_width_variant(char32_t c) {
    return c == 0x3000 || (c >= 0xFF01 && c <= 0xFFEF);
}

// Ligatures and full-width forms become their compatibility decomposition, one character at a time
// (NFKC of the whole text would also rewrite superscripts, fractions, ...).
std::u32string decompose_ligatures_and_width(const std::u32string& text) {
    std::u32string out;
    out.reserve(text.size());
    for (char32_t c : text) {
        if (c == 0x3000) {
            out.push_back(U' ');
        } else if (is_latin_ligature(c) || is_width_variant(c)) {
            out += nfkc(std::u32string(1, c));
        } else {
            out.push_back(c);
        }
    }
    return out;
}

char32_t uncurl(char32_t c) {
    if (c == 0x2BC || (c >= 0x2018 && c <= 0x201B)) return U'\'';
    if (c >= 0x201C && c <= 0x201F) return U'"';
    return c;
}

bool is_removed_control(char32_t c) {
    return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F ||
           (c >= 0x206A && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
}

std::u32string fix_line_breaks_and_controls(const std::u32string& text) {
    std::u32string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        char32_t c = text[i];
        if (c == U'\r') {
            if (i + 1 < text.size() && text[i + 1] == U'\n') ++i;
            c = U'\n';
        } else if (c == 0x2028 || c == 0x2029 || c == 0x85) {
            c = U'\n';
        }
        if (!is_removed_control(c)) out.push_back(uncurl(c));
    }
    return out;
}

std::u32string collapse_whitespace(const std::u32string& text) {
    std::u32string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (char32_t c : text) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out.push_back(U' ');
        pending_space = false;
        out.push_back(c);
    }
    return out;
}

}  // namespace

std::u32string ftfy_fix_text(std::u32string text) {
    const bool unescape = !has_char(text, U'<');
    // ftfy repeats its fixes until the text stops changing.
    for (int round = 0; round < 16; ++round) {
        std::u32string fixed = unescape ? html_unescape(text) : text;
        fixed = remove_terminal_escapes(fixed);
        fixed = decompose_ligatures_and_width(fixed);
        fixed = fix_line_breaks_and_controls(fixed);
        fixed = nfc(fixed);
        if (fixed == text) break;
        text = std::move(fixed);
    }
    return text;
}

std::u32string clean_clip_text(const std::u32string& text) {
    std::u32string cleaned = html_unescape(html_unescape(ftfy_fix_text(text)));
    return to_lower(collapse_whitespace(cleaned));
}

}  // namespace reverie::text
