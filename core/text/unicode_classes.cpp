#include "core/text/unicode_classes.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <vector>

#include "core/common/error.h"

namespace reverie::text {

namespace {

icu::UnicodeString to_icu(const std::u32string& text) {
    return icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(text.data()),
                                         int32_t(text.size()));
}

std::u32string from_icu(const icu::UnicodeString& text) {
    UErrorCode status = U_ZERO_ERROR;
    const int32_t n = text.countChar32();
    std::vector<UChar32> buffer(size_t(n) + 1);
    text.toUTF32(buffer.data(), n + 1, status);
    return std::u32string(reinterpret_cast<const char32_t*>(buffer.data()), size_t(n));
}

std::u32string normalize(const std::u32string& text, bool compat) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = compat ? icu::Normalizer2::getNFKCInstance(status)
                                                : icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw Error("ICU Unicode normalisation data is unavailable");
    icu::UnicodeString result = normalizer->normalize(to_icu(text), status);
    if (U_FAILURE(status)) throw Error("ICU could not normalise the prompt text");
    return from_icu(result);
}

}  // namespace

bool is_letter(char32_t cp) {
    return (U_GET_GC_MASK(UChar32(cp)) & U_GC_L_MASK) != 0;
}

bool is_number(char32_t cp) {
    return (U_GET_GC_MASK(UChar32(cp)) & U_GC_N_MASK) != 0;
}

bool is_space(char32_t cp) {
    if (cp <= 0x20) return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
    switch (cp) {
        case 0x85:
        case 0xA0:
        case 0x1680:
        case 0x2028:
        case 0x2029:
        case 0x202F:
        case 0x205F:
        case 0x3000:
            return true;
        default:
            return cp >= 0x2000 && cp <= 0x200A;
    }
}

bool is_word_char(char32_t cp) {
    return cp == U'_' || is_letter(cp) || is_number(cp);
}

std::u32string to_lower(const std::u32string& text) {
    bool ascii = true;
    for (char32_t c : text) ascii = ascii && c < 0x80;
    if (ascii) {
        std::u32string out = text;
        for (char32_t& c : out)
            if (c >= U'A' && c <= U'Z') c += 32;
        return out;
    }
    icu::UnicodeString s = to_icu(text);
    s.toLower(icu::Locale::getRoot());
    return from_icu(s);
}

std::u32string nfc(const std::u32string& text) {
    return normalize(text, false);
}

std::u32string nfkc(const std::u32string& text) {
    return normalize(text, true);
}

}  // namespace reverie::text
