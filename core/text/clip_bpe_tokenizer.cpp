#include "core/text/clip_bpe_tokenizer.h"

#include <nlohmann/json.hpp>

#include <climits>
#include <fstream>
#include <sstream>

#include "core/common/error.h"
#include "core/text/clip_pretokenize.h"
#include "core/text/clip_text_cleanup.h"
#include "core/text/utf8.h"

namespace reverie::text {

namespace {

constexpr const char* kWordEnd = "</w>";
// transformers reads only this many merges (49152 - 256 - 2): the rest of an over-long file is
// unused.
constexpr int kMaxMerges = 49152 - 256 - 2;
// Bounds the memo for pathological inputs (every word different).
constexpr size_t kMaxCachedWords = 200000;

std::string read_file(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open the CLIP tokenizer " + std::string(what) + " '" + path + "'");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// GPT-2's reversible byte -> printable character map: printable Latin-1 bytes stand for themselves,
// the others are moved to U+0100 and up so that no token holds whitespace or control characters.
void build_byte_map(std::string (&byte_to_symbol)[256],
                    std::unordered_map<std::string, unsigned char>& symbol_to_byte) {
    int next = 0;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
        const char32_t cp = printable ? char32_t(b) : char32_t(256 + next++);
        byte_to_symbol[b].clear();
        append_utf8(byte_to_symbol[b], cp);
        symbol_to_byte[byte_to_symbol[b]] = static_cast<unsigned char>(b);
    }
}

// Streams vocab.json's {"token": id, ...} straight into a list: building a JSON DOM of 49408
// entries first would take most of the load time.
struct VocabReader : nlohmann::json_sax<nlohmann::json> {
    std::vector<std::pair<std::string, int>> entries;
    std::string key_, bad_key;
    int depth = 0;

    bool id(long long value) {
        if (depth != 1 || value < 0 || value > INT_MAX) return fail();
        entries.emplace_back(std::move(key_), int(value));
        return true;
    }
    bool fail() {
        bad_key = key_.empty() ? "(structure)" : key_;
        return false;
    }
    bool null() override { return fail(); }
    bool boolean(bool) override { return fail(); }
    bool number_integer(number_integer_t v) override { return id(v); }
    bool number_unsigned(number_unsigned_t v) override {
        return id(v > number_unsigned_t(INT_MAX) ? -1 : (long long)v);
    }
    bool number_float(number_float_t, const string_t&) override { return fail(); }
    bool string(string_t&) override { return fail(); }
    bool binary(binary_t&) override { return fail(); }
    bool start_object(std::size_t) override { return ++depth == 1 || fail(); }
    bool key(string_t& k) override {
        key_ = std::move(k);
        return true;
    }
    bool end_object() override {
        --depth;
        return true;
    }
    bool start_array(std::size_t) override { return fail(); }
    bool end_array() override { return fail(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
        return false;
    }
};

// Splits UTF-8 into one string per code point.
std::vector<std::string> split_code_points(const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        size_t len = 1;
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0xF0)
            len = 4;
        else if (c >= 0xE0)
            len = 3;
        else if (c >= 0xC0)
            len = 2;
        out.push_back(s.substr(i, len));
        i += len;
    }
    return out;
}

}  // namespace

std::unique_ptr<ClipBpeTokenizer> ClipBpeTokenizer::from_files(const std::string& vocab_path,
                                                               const std::string& merges_path,
                                                               int pad_id) {
    std::unique_ptr<ClipBpeTokenizer> tok(new ClipBpeTokenizer());
    const std::string vocab_text = read_file(vocab_path, "vocabulary");
    VocabReader reader;
    const bool parsed = nlohmann::json::sax_parse(vocab_text, &reader);
    if (!parsed || !reader.bad_key.empty())
        throw Error("the CLIP vocabulary '" + vocab_path +
                    "' is not a JSON object of token ids (expected vocab.json)" +
                    (reader.bad_key.empty() ? "" : "; bad entry '" + reader.bad_key + "'"));
    if (reader.entries.empty()) throw Error("the CLIP vocabulary '" + vocab_path + "' is empty");
    tok->vocab_.reserve(reader.entries.size());
    for (auto& [token, id] : reader.entries) {
        if (size_t(id) >= tok->id_to_token_.size()) tok->id_to_token_.resize(size_t(id) + 1);
        tok->id_to_token_[size_t(id)] = token;
        tok->vocab_[std::move(token)] = id;
    }

    const std::string merges_text = read_file(merges_path, "merges file");
    std::istringstream lines(merges_text);
    std::string line;
    int rank = 0;
    bool first = true;
    while (std::getline(lines, line) && rank < kMaxMerges) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (first && line.rfind("#version", 0) == 0) {
            first = false;
            continue;
        }
        first = false;
        if (line.empty()) continue;
        const size_t space = line.find(' ');
        if (space == std::string::npos || space == 0 || space + 1 >= line.size())
            throw Error("the CLIP merges file '" + merges_path + "' has a malformed line " +
                        std::to_string(rank + 2) + ": '" + line + "'");
        tok->merge_ranks_.emplace(line, rank++);
    }
    if (rank == 0) throw Error("the CLIP merges file '" + merges_path + "' holds no merges");

    build_byte_map(tok->byte_to_symbol_, tok->symbol_to_byte_);
    auto special = [&](const char* name) {
        const int id = tok->token_to_id(name);
        if (id < 0)
            throw Error("the CLIP vocabulary '" + vocab_path + "' lacks the special token " + name);
        return id;
    };
    tok->bos_id_ = special("<|startoftext|>");
    tok->eos_id_ = special("<|endoftext|>");
    tok->unk_id_ = tok->eos_id_;
    tok->pad_id_ = pad_id;
    if (pad_id < 0 || size_t(pad_id) >= tok->id_to_token_.size())
        throw Error("CLIP pad id " + std::to_string(pad_id) + " is outside the vocabulary");
    return tok;
}

int ClipBpeTokenizer::token_to_id(const std::string& token) const {
    auto it = vocab_.find(token);
    return it == vocab_.end() ? -1 : it->second;
}

ClipBpeTokenizer::Word ClipBpeTokenizer::bpe(const std::string& byte_encoded) const {
    std::vector<std::string> symbols = split_code_points(byte_encoded);
    if (!symbols.empty()) symbols.back() += kWordEnd;
    std::string key;
    while (symbols.size() > 1) {
        int best_rank = INT_MAX;
        size_t best = 0;
        for (size_t i = 0; i + 1 < symbols.size(); ++i) {
            key.assign(symbols[i]).append(1, ' ').append(symbols[i + 1]);
            auto it = merge_ranks_.find(key);
            if (it != merge_ranks_.end() && it->second < best_rank)
                best_rank = it->second, best = i;
        }
        if (best_rank == INT_MAX) break;
        // Merge every occurrence of the winning pair, left to right without overlaps.
        const std::string left = symbols[best], right = symbols[best + 1];
        std::vector<std::string> merged;
        merged.reserve(symbols.size());
        for (size_t i = 0; i < symbols.size(); ++i) {
            if (i + 1 < symbols.size() && symbols[i] == left && symbols[i + 1] == right) {
                merged.push_back(left + right);
                ++i;
            } else {
                merged.push_back(std::move(symbols[i]));
            }
        }
        symbols = std::move(merged);
    }
    Word w;
    w.ids.reserve(symbols.size());
    for (const auto& s : symbols) {
        const int id = token_to_id(s);
        w.ids.push_back(id < 0 ? unk_id_ : id);
    }
    w.tokens = std::move(symbols);
    return w;
}

ClipBpeTokenizer::Word ClipBpeTokenizer::word(const std::u32string& word) const {
    {
        std::lock_guard<std::mutex> lock(cache_mutex_);
        auto it = cache_.find(word);
        if (it != cache_.end()) return it->second;
    }
    Word w;
    if (word == U"<|startoftext|>" || word == U"<|endoftext|>") {
        // Written out in a prompt they are the special tokens themselves, as in the reference.
        w.tokens = {u32_to_utf8(word)};
        w.ids = {word == U"<|startoftext|>" ? bos_id_ : eos_id_};
    } else {
        std::string encoded;
        for (unsigned char b : u32_to_utf8(word)) encoded += byte_to_symbol_[b];
        w = bpe(encoded);
    }
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (cache_.size() >= kMaxCachedWords) cache_.clear();
    cache_.emplace(word, w);
    return w;
}

void ClipBpeTokenizer::encode_into(const std::string& text, std::vector<int>* ids,
                                   std::vector<std::string>* tokens) const {
    for (const auto& w : clip_pretokenize(clean_clip_text(utf8_to_u32(text)))) {
        const Word copy = word(w);
        if (ids) ids->insert(ids->end(), copy.ids.begin(), copy.ids.end());
        if (tokens) tokens->insert(tokens->end(), copy.tokens.begin(), copy.tokens.end());
    }
}

std::vector<int> ClipBpeTokenizer::encode(const std::string& text) const {
    std::vector<int> ids;
    encode_into(text, &ids, nullptr);
    return ids;
}

std::vector<std::string> ClipBpeTokenizer::tokens(const std::string& text) const {
    std::vector<std::string> out;
    encode_into(text, nullptr, &out);
    return out;
}

std::string ClipBpeTokenizer::decode(const std::vector<int>& ids) const {
    std::string bytes;
    for (int id : ids) {
        if (id == bos_id_ || id == eos_id_ || id < 0 || size_t(id) >= id_to_token_.size()) continue;
        std::string token = id_to_token_[size_t(id)];
        const bool word_end =
            token.size() >= 4 && token.compare(token.size() - 4, 4, kWordEnd) == 0;
        if (word_end) token.resize(token.size() - 4);
        for (const auto& symbol : split_code_points(token)) {
            auto it = symbol_to_byte_.find(symbol);
            if (it != symbol_to_byte_.end()) bytes.push_back(char(it->second));
        }
        if (word_end) bytes += ' ';
    }
    while (!bytes.empty() && bytes.back() == ' ') bytes.pop_back();
    return u32_to_utf8(utf8_to_u32(bytes));
}

}  // namespace reverie::text
