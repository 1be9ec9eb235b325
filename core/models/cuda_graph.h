#pragma once
// Replays a GPU computation as one CUDA graph. A UNet step launches about a thousand kernels; at
// SD 1.5 sizes on a fast GPU the CPU cannot issue them as fast as the GPU runs them, so the GPU
// idles between kernels. A graph records the launches once and replays them with one call.
//
// The graph holds fixed input and output buffers: each call copies its inputs in, replays, and
// returns a copy of the output. A call with other shapes, dtypes or layouts records a new graph.
// On the CPU, in builds without CUDA, when disabled, or when recording fails (an operation that
// cannot be captured), the function simply runs.
#include <torch/torch.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace reverie {

class GraphedCall {
  public:
    using Fn = std::function<torch::Tensor(const std::vector<torch::Tensor>&)>;

    explicit GraphedCall(Fn fn, bool enabled = true);
    ~GraphedCall();
    GraphedCall(const GraphedCall&) = delete;
    GraphedCall& operator=(const GraphedCall&) = delete;

    torch::Tensor operator()(const std::vector<torch::Tensor>& inputs);

    // Whether the last call replayed a graph, and why not when it did not.
    bool replayed() const { return replayed_; }
    const std::string& fallback_reason() const { return fallback_reason_; }
    void set_enabled(bool enabled);

  private:
    struct Captured;
    Fn fn_;
    bool enabled_;
    bool replayed_ = false;
    std::string fallback_reason_;
    std::unique_ptr<Captured> captured_;
};

}  // namespace reverie
