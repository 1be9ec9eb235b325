#include "core/adapters/weight_patcher.h"

#include "core/common/error.h"

namespace reverie::adapters {

void WeightPatcher::set(torch::Tensor live, const torch::Tensor& merged, Mode mode) {
    // Model weights are inference tensors: they may only be written inside InferenceMode.
    c10::InferenceMode guard;
    if (merged.sizes() != live.sizes())
        throw Error("internal: a merged weight's shape differs from the weight's");
    const void* key = live.unsafeGetTensorImpl();
    if (!index_.count(key)) {
        Saved s{live, torch::Tensor(), mode};
        if (mode == Mode::Replace) {
            s.original = live.detach();  // an alias of today's storage, which set_data leaves be
        } else {
            s.original = torch::empty(live.sizes(), live.options().device(torch::kCPU));
            s.original.copy_(live);
            kept_bytes_ += int64_t(s.original.numel()) * int64_t(s.original.element_size());
        }
        index_[key] = saved_.size();
        saved_.push_back(std::move(s));
    }
    const Mode used = saved_[index_[key]].mode;
    if (used == Mode::Replace) {
        auto fresh = torch::empty_like(live);  // keeps live's memory format (channels-last)
        fresh.copy_(merged);
        live.set_data(fresh);
    } else {
        live.copy_(merged);
    }
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
    kept_bytes_ = 0;
}

}  // namespace reverie::adapters
