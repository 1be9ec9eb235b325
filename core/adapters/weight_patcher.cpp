#include "core/adapters/weight_patcher.h"

#include "core/common/error.h"
#include "core/io/mapped_pages.h"

namespace reverie::adapters {

torch::Tensor WeightPatcher::begin(torch::Tensor live, Mode mode) {
    // Model weights are inference tensors: they may only be written inside InferenceMode.
    c10::InferenceMode guard;
    const void* key = live.unsafeGetTensorImpl();
    const auto it = index_.find(key);
    if (it != index_.end()) {
        mode = saved_[it->second].mode;
    } else if (!pending_.count(key)) {
        // Kept aside until commit(): a merge that throws leaves the weight unpatched.
        Saved s{live, torch::Tensor(), mode};
        if (mode == Mode::Replace) {
            s.original = live.detach();  // an alias of today's storage, which set_data leaves be
        } else {
            s.original = torch::empty(live.sizes(), live.options().device(torch::kCPU));
            s.original.copy_(live);
        }
        pending_.emplace(key, std::move(s));
    }
    if (mode == Mode::InPlace) return live;
    return torch::empty_like(live);  // keeps live's memory format (channels-last)
}

void WeightPatcher::commit(torch::Tensor live, const torch::Tensor& target) {
    c10::InferenceMode guard;
    const void* key = live.unsafeGetTensorImpl();
    if (!index_.count(key)) {
        const auto it = pending_.find(key);
        if (it == pending_.end()) throw Error("internal: commit() of a weight begin() did not see");
        if (it->second.mode == Mode::InPlace)
            kept_bytes_ +=
                int64_t(it->second.original.numel()) * it->second.original.element_size();
        index_[key] = saved_.size();
        saved_.push_back(std::move(it->second));
        pending_.erase(it);
    }
    const Saved& s = saved_[index_.at(key)];
    if (s.mode == Mode::InPlace) return;
    const bool first = live.data_ptr() == s.original.data_ptr();
    live.set_data(target);
    // The original is out of the model until restore(): a mapped one gives its pages back.
    if (first) io::release_mapped_pages(s.original);
}

void WeightPatcher::abandon() {
    c10::InferenceMode guard;
    for (auto& [key, s] : pending_)
        if (s.mode == Mode::InPlace) s.live.copy_(s.original);
    pending_.clear();
}

void WeightPatcher::set(torch::Tensor live, const torch::Tensor& merged, Mode mode) {
    c10::InferenceMode guard;
    if (merged.sizes() != live.sizes())
        throw Error("internal: a merged weight's shape differs from the weight's");
    torch::Tensor target = begin(live, mode);
    target.copy_(merged);
    commit(live, target);
}

void WeightPatcher::restore() {
    c10::InferenceMode guard;
    for (auto& s : saved_) {
        if (s.mode == Mode::Replace)
            s.live.set_data(s.original);
        else
            s.live.copy_(s.original);
    }
    saved_.clear();
    index_.clear();
    pending_.clear();
    kept_bytes_ = 0;
}

}  // namespace reverie::adapters
