#pragma once
// GroupNorm (Wu & He 2018) as every block here uses it, with one addition: while a
// GroupNormStatsScope is active on the calling thread, the statistics can be recorded or imposed.
// Tiled VAE decoding needs this: each tile's GroupNorms would otherwise normalise by that tile's
// own statistics, and neighbouring tiles would disagree (a visible seam). With one set of
// image-wide statistics, all tiles compute the same function. Parameter names ("weight", "bias")
// are torch::nn::GroupNorm's, so checkpoints load unchanged.
#include <torch/torch.h>

#include <vector>

namespace reverie {

class GroupNormImpl : public torch::nn::Module {
  public:
    GroupNormImpl(int64_t groups, int64_t channels, double eps);
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor weight, bias;

  private:
    int64_t groups_;
    double eps_;
};
TORCH_MODULE(GroupNorm);

// Per-call statistics of one network pass, in call order (the same network calls its GroupNorms
// in the same order every time).
class GroupNormStats {
  public:
    enum class Mode {
        Record,  // compute each call's statistics from its input, keep and use them
        Apply,   // normalise with the kept statistics
    };
    bool empty() const { return mean_.empty(); }

  private:
    friend class GroupNormImpl;
    friend class GroupNormStatsScope;
    std::vector<torch::Tensor> mean_, var_;  // [N, G] float64 per call
};

// Activates `stats` on this thread for one pass.
class GroupNormStatsScope {
  public:
    GroupNormStatsScope(GroupNormStats& stats, GroupNormStats::Mode mode);
    ~GroupNormStatsScope();
    GroupNormStatsScope(const GroupNormStatsScope&) = delete;
    GroupNormStatsScope& operator=(const GroupNormStatsScope&) = delete;

  private:
    friend class GroupNormImpl;
    GroupNormStats& stats_;
    GroupNormStats::Mode mode_;
    size_t call_ = 0;
    GroupNormStatsScope* previous_;
};

}  // namespace reverie
