#pragma once
// Changes a model's weights in place of their originals and puts the originals back bit for bit,
// without reading the checkpoint again [ComfyUI ModelPatcher, diffusers fuse/unfuse].
//
// Two ways, chosen by the model's situation:
//   Replace  the parameter gets new storage holding the merged weight; the original tensor is only
//            kept referenced. For CPU models: a weight still memory-mapped from the checkpoint
//            stays untouched (zero-copy), so only the weights an adapter touches are ever copied,
//            and its pages are given back to the system once replaced (release_mapped_pages):
//            the merged copy takes their place in memory instead of adding to it, and restoring
//            reads them from the file again as the model next runs.
//   InPlace  the merged weight is copied into the parameter's own storage; a host copy of the
//            original is kept. For GPU models, whose CUDA graphs hold the weights' addresses (the
//            recorded graphs stay valid: they read the new values at the same addresses), and for
//            sequential offload, whose host copies are the weights' storage while a network rests.
#include <torch/torch.h>

#include <unordered_map>
#include <vector>

namespace reverie::adapters {

class WeightPatcher {
  public:
    enum class Mode { Replace, InPlace };

    // Sets the parameter `live` to `merged` (cast to live's dtype, laid out as live). The first
    // time a weight is patched its original is kept; patching it again builds on the current value.
    void set(torch::Tensor live, const torch::Tensor& merged, Mode mode);
    // The same in two steps, for merges that write their results straight into place (several
    // weights may be begun before they are committed, each once): begin() keeps the original
    // (the first time) and returns the tensor to write live's new value into (live itself in
    // place; fresh storage laid out as live under Replace), which may read live's current value
    // while writing; commit() makes what was written live's value. abandon() forgets the weights
    // begun and not committed, putting back any written in place.
    torch::Tensor begin(torch::Tensor live, Mode mode);
    void commit(torch::Tensor live, const torch::Tensor& target);
    void abandon();
    // Puts every patched weight back as it was before the first set(), bit for bit.
    void restore();

    size_t patched() const { return saved_.size(); }
    // Bytes held for the originals (InPlace copies; Replace keeps references only).
    int64_t kept_bytes() const { return kept_bytes_; }

  private:
    struct Saved {
        torch::Tensor live;
        torch::Tensor original;
        Mode mode = Mode::Replace;
    };
    std::vector<Saved> saved_;
    std::unordered_map<const void*, Saved> pending_;  // begun, not yet committed
    std::unordered_map<const void*, size_t> index_;   // TensorImpl -> saved_
    int64_t kept_bytes_ = 0;
};

}  // namespace reverie::adapters
