#include "core/image/generation_parameters.h"

#include "core/text/utf8.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

#include "core/image/sampler_names.h"

namespace reverie::image {
namespace {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string strip(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && is_space(s[a])) ++a;
    while (b > a && is_space(s[b - 1])) --b;
    return s.substr(a, b - a);
}

// Python's \w for UTF-8 text: ASCII letters, digits, '_' and any non-ASCII byte.
bool is_word(char c) {
    const auto u = uint8_t(c);
    return u >= 0x80 || std::isalnum(u) || c == '_';
}
bool is_key_char(char c) {
    return is_word(c) || c == ' ' || c == '-' || c == '/';
}

bool read_hex4(const std::string& s, size_t i, uint32_t& out) {
    if (i + 4 > s.size()) return false;
    out = 0;
    for (size_t k = i; k < i + 4; ++k) {
        const char c = s[k];
        const int d = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                             : -1;
        if (d < 0) return false;
        out = out * 16 + uint32_t(d);
    }
    return true;
}

// json.loads of a quoted string; nullopt when it is not valid JSON.
std::optional<std::string> json_unquote(const std::string& q) {
    if (q.size() < 2 || q.front() != '"' || q.back() != '"') return std::nullopt;
    std::string out;
    for (size_t i = 1; i + 1 < q.size(); ++i) {
        const char c = q[i];
        if (c != '\\') {
            out.push_back(c);
            continue;
        }
        if (++i + 1 > q.size() - 1) return std::nullopt;
        switch (q[i]) {
            case '"':
                out.push_back('"');
                break;
            case '\\':
                out.push_back('\\');
                break;
            case '/':
                out.push_back('/');
                break;
            case 'b':
                out.push_back('\b');
                break;
            case 'f':
                out.push_back('\f');
                break;
            case 'n':
                out.push_back('\n');
                break;
            case 'r':
                out.push_back('\r');
                break;
            case 't':
                out.push_back('\t');
                break;
            case 'u': {
                uint32_t cp = 0, low = 0;
                if (!read_hex4(q, i + 1, cp)) return std::nullopt;
                i += 4;
                if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < q.size() && q[i + 1] == '\\' &&
                    q[i + 2] == 'u' && read_hex4(q, i + 3, low) && low >= 0xDC00 && low < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
                text::append_utf8(out, char32_t(cp));
                break;
            }
            default:
                return std::nullopt;
        }
    }
    return out;
}

// One match of A1111's re_param at `pos`:  \s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)
// On success fills key/value and returns the position after the match.
std::optional<size_t> match_param(const std::string& s, size_t pos, std::string& key,
                                  std::string& value) {
    size_t i = pos;
    while (i < s.size() && is_space(s[i])) ++i;
    if (i >= s.size() || !is_word(s[i])) return std::nullopt;
    size_t k = i + 1;
    while (k < s.size() && is_key_char(s[k])) ++k;
    if (k - i < 2 || k >= s.size() || s[k] != ':') return std::nullopt;
    key = s.substr(i, k - i);
    size_t v = k + 1;
    while (v < s.size() && is_space(s[v])) ++v;
    if (v < s.size() && s[v] == '"') {
        size_t e = v + 1;
        while (e < s.size() && s[e] != '"') e += s[e] == '\\' && e + 1 < s.size() ? 2 : 1;
        if (e < s.size() && e > v + 1 && (e + 1 == s.size() || s[e + 1] == ',')) {
            value = s.substr(v, e + 1 - v);
            return e + 1 == s.size() ? e + 1 : e + 2;
        }
    }
    size_t e = s.find(',', v);
    if (e == std::string::npos) e = s.size();
    value = s.substr(v, e - v);
    return e == s.size() ? e : e + 1;
}

// re.findall over the whole line, skipping ahead where no match starts.
KeyValues find_params(const std::string& line) {
    KeyValues out;
    size_t pos = 0;
    while (pos < line.size()) {
        std::string key, value;
        if (auto end = match_param(line, pos, key, value)) {
            out.emplace_back(std::move(key), std::move(value));
            pos = *end;
        } else {
            // No match can start inside this run of key characters: jump past it.
            size_t next = pos + 1;
            while (next < line.size() && is_key_char(line[next]) && is_key_char(line[next - 1]))
                ++next;
            pos = next;
        }
    }
    return out;
}

template <typename T>
bool parse_int(const std::string& s, T& out) {
    if (s.empty()) return false;
    errno = 0;
    char* end = nullptr;
    if constexpr (std::is_same_v<T, uint64_t>) {
        if (s[0] == '-') return false;
        const unsigned long long v = std::strtoull(s.c_str(), &end, 10);
        if (errno || *end) return false;
        out = v;
    } else {
        const long long v = std::strtoll(s.c_str(), &end, 10);
        if (errno || *end || v < INT32_MIN || v > INT32_MAX) return false;
        out = T(v);
    }
    return true;
}

bool parse_double(const std::string& s, double& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (*end || !std::isfinite(v)) return false;
    out = v;
    return true;
}

// Stores one known field; false when the key is unknown or the value does not parse.
bool apply_field(GenerationParameters& p, const std::string& key, const std::string& value) {
    if (key == "Steps") return parse_int(value, p.steps);
    if (key == "CFG scale") return parse_double(value, p.cfg_scale);
    if (key == "Seed") return parse_int(value, p.seed);
    if (key == "Model hash") return p.model_hash = value, true;
    if (key == "Model") return p.model = value, true;
    if (key == "Clip skip") return parse_int(value, p.clip_skip);
    if (key == "Schedule type" && value == "Karras") return p.karras = true, true;
    if (key == "Denoising strength") {
        double d = 0;
        if (!parse_double(value, d)) return false;
        p.denoising_strength = d;
        return true;
    }
    if (key == "Sampler") {
        if (auto s = sampler_from_a1111(value)) {
            p.sampler = s->name;
            p.karras = p.karras || s->karras;
        } else {
            p.sampler = value;
        }
        return true;
    }
    if (key == "Size") {
        const size_t x = value.find('x');
        int w = 0, h = 0;
        if (x == std::string::npos || !parse_int(value.substr(0, x), w) ||
            !parse_int(value.substr(x + 1), h))
            return false;
        p.width = w;
        p.height = h;
        return true;
    }
    return false;
}

}  // namespace

std::string format_a1111_number(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15)
        return std::to_string(int64_t(v));
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof(buf), "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

std::string a1111_quote(const std::string& value) {
    if (value.find_first_of(",\n:") == std::string::npos) return value;
    // json.dumps(ensure_ascii=False)
    std::string out = "\"";
    for (const char c : value) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (uint8_t(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof(buf), "\\u%04x", unsigned(uint8_t(c)));
                    out += buf;
                } else {
                    out.push_back(c);
                }
        }
    }
    return out + "\"";
}

std::string to_a1111_text(const GenerationParameters& p) {
    KeyValues kv;
    kv.emplace_back("Steps", std::to_string(p.steps));
    const auto label = sampler_to_a1111({p.sampler, p.karras});
    kv.emplace_back("Sampler", label ? *label : p.sampler);
    kv.emplace_back("CFG scale", format_a1111_number(p.cfg_scale));
    kv.emplace_back("Seed", std::to_string(p.seed));
    kv.emplace_back("Size", std::to_string(p.width) + "x" + std::to_string(p.height));
    if (!p.model_hash.empty()) kv.emplace_back("Model hash", p.model_hash);
    if (!p.model.empty()) kv.emplace_back("Model", p.model);
    if (p.denoising_strength)
        kv.emplace_back("Denoising strength", format_a1111_number(*p.denoising_strength));
    if (p.clip_skip > 1) kv.emplace_back("Clip skip", std::to_string(p.clip_skip));
    kv.insert(kv.end(), p.extra.begin(), p.extra.end());

    std::string settings;
    for (const auto& [k, v] : kv) {
        if (!settings.empty()) settings += ", ";
        settings += k == v ? k : k + ": " + a1111_quote(v);
    }
    std::string text = p.prompt;
    if (!p.negative_prompt.empty()) text += "\nNegative prompt: " + p.negative_prompt;
    return strip(text + "\n" + settings);
}

GenerationParameters parse_a1111_text(const std::string& text) {
    std::vector<std::string> lines;
    const std::string body = strip(text);
    for (size_t start = 0;;) {
        const size_t nl = body.find('\n', start);
        lines.push_back(
            body.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    std::string last = lines.back();
    lines.pop_back();
    KeyValues settings = find_params(last);
    if (settings.size() < 3) {
        lines.push_back(last);
        settings.clear();
    }

    GenerationParameters p;
    p.sampler.clear();
    bool in_negative = false;
    for (std::string line : lines) {
        line = strip(line);
        if (line.rfind("Negative prompt:", 0) == 0) {
            in_negative = true;
            line = strip(line.substr(16));
        }
        std::string& target = in_negative ? p.negative_prompt : p.prompt;
        target += (target.empty() ? "" : "\n") + line;
    }
    for (auto& [key, raw] : settings) {
        std::string value = raw;
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            if (auto u = json_unquote(value)) value = *u;
        if (!apply_field(p, key, value)) p.extra.emplace_back(key, value);
    }
    if (p.sampler.empty()) p.sampler = GenerationParameters{}.sampler;
    return p;
}

}  // namespace reverie::image
