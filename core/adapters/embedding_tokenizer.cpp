#include "core/adapters/embedding_tokenizer.h"

#include <algorithm>

namespace reverie::adapters {

EmbeddingTokenizer::EmbeddingTokenizer(const text::Tokenizer& base, int first_extra_id)
    : base_(base), next_id_(first_extra_id) {}

bool EmbeddingTokenizer::add(const std::string& name, int count) {
    std::vector<int> ids = base_.encode(name);
    if (ids.empty() || count <= 0) return false;
    Entry e{name, std::move(ids), next_id_, count};
    next_id_ += count;
    // Longer names first, so "style-v2" wins over its prefix "style" (A1111 sorts the same way).
    auto at = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& x) { return x.ids.size() < e.ids.size(); });
    entries_.insert(at, std::move(e));
    return true;
}

std::vector<int> EmbeddingTokenizer::encode(const std::string& text) const {
    const std::vector<int> ids = base_.encode(text);
    std::vector<int> out;
    out.reserve(ids.size());
    for (size_t i = 0; i < ids.size();) {
        const Entry* hit = nullptr;
        for (const auto& e : entries_)
            if (i + e.ids.size() <= ids.size() &&
                std::equal(e.ids.begin(), e.ids.end(), ids.begin() + std::ptrdiff_t(i))) {
                hit = &e;
                break;
            }
        if (!hit) {
            out.push_back(ids[i++]);
            continue;
        }
        for (int k = 0; k < hit->count; ++k) out.push_back(hit->first + k);
        if (std::find(used_.begin(), used_.end(), hit->name) == used_.end())
            used_.push_back(hit->name);
        i += hit->ids.size();
    }
    return out;
}

std::string EmbeddingTokenizer::decode(const std::vector<int>& ids) const {
    std::vector<int> plain;
    std::string out;
    for (int id : ids) {
        const Entry* e = nullptr;
        for (const auto& x : entries_)
            if (id >= x.first && id < x.first + x.count) e = &x;
        if (!e) {
            plain.push_back(id);
            continue;
        }
        out += base_.decode(plain);
        plain.clear();
        if (id == e->first) out += (out.empty() ? "" : " ") + e->name + " ";
    }
    return out + base_.decode(plain);
}

}  // namespace reverie::adapters
