#include "core/models/cuda_graph.h"

#include <cstdio>
#include <sstream>

#ifdef REVERIE_HAS_CUDA
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace reverie {

#ifdef REVERIE_HAS_CUDA
namespace {

// What a recorded graph depends on besides the values: shapes, strides, dtypes, devices.
std::string signature(const std::vector<torch::Tensor>& inputs) {
    std::ostringstream s;
    for (const auto& t : inputs) s << t.sizes() << t.strides() << t.dtype() << t.device() << ';';
    return s.str();
}

}  // namespace
#endif

struct GraphedCall::Captured {
    std::string signature;
#ifdef REVERIE_HAS_CUDA
    at::cuda::CUDAGraph graph;
#endif
    std::vector<torch::Tensor> inputs;
    torch::Tensor output;
};

GraphedCall::GraphedCall(Fn fn, bool enabled) : fn_(std::move(fn)), enabled_(enabled) {}
GraphedCall::~GraphedCall() = default;

void GraphedCall::set_enabled(bool enabled) {
    enabled_ = enabled;
    if (!enabled) captured_.reset();
}

torch::Tensor GraphedCall::operator()(const std::vector<torch::Tensor>& inputs) {
    replayed_ = false;
    const bool on_cuda = !inputs.empty() && inputs.front().is_cuda();
    if (!enabled_ || !on_cuda) return fn_(inputs);
#ifdef REVERIE_HAS_CUDA
    const std::string sig = signature(inputs);
    if (!captured_ || captured_->signature != sig) {
        captured_.reset();
        auto c = std::make_unique<Captured>();
        c->signature = sig;
        for (const auto& t : inputs) c->inputs.push_back(t.clone());
        bool recording = false;
        try {
            // Recording needs a stream other than the default one; the warm-up runs there first
            // so cuDNN's autotuning and the allocator's first allocations are not recorded.
            torch::cuda::synchronize();
            auto stream = c10::cuda::getStreamFromPool();
            {
                c10::cuda::CUDAStreamGuard guard(stream);
                for (int i = 0; i < 2; ++i) fn_(c->inputs);
                stream.synchronize();
                c->graph.capture_begin();
                recording = true;
                c->output = fn_(c->inputs);
                recording = false;
                c->graph.capture_end();
            }
            torch::cuda::synchronize();
            fallback_reason_.clear();
        } catch (const std::exception& e) {
            // Something in the computation cannot be recorded: run it eagerly from now on.
            if (recording) {
                try {
                    c->graph.capture_end();  // ends the invalidated recording, then reports it
                } catch (const std::exception&) {
                }
            }
            torch::cuda::synchronize();
            fallback_reason_ = e.what();
            enabled_ = false;
            // Said once: the call stays eager from now on (bench and the studio report it too).
            std::fprintf(stderr, "reverie: CUDA graph capture failed, running eagerly: %s\n",
                         fallback_reason_.substr(0, fallback_reason_.find('\n')).c_str());
            return fn_(inputs);
        }
        captured_ = std::move(c);
    }
    for (size_t i = 0; i < inputs.size(); ++i) captured_->inputs[i].copy_(inputs[i], true);
    captured_->graph.replay();
    replayed_ = true;
    return captured_->output.clone();
#else
    fallback_reason_ = "this build has no CUDA";
    return fn_(inputs);
#endif
}

}  // namespace reverie
