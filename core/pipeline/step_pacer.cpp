#include "core/pipeline/step_pacer.h"

#ifdef REVERIE_HAS_CUDA
#include <ATen/cuda/CUDAEvent.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace reverie::pipeline {

#ifdef REVERIE_HAS_CUDA
struct StepPacer::Events {
    at::cuda::CUDAEvent queued[2];
    int next = 0;
    bool any = false;
};
#else
struct StepPacer::Events {};
#endif

StepPacer::StepPacer() = default;
StepPacer::~StepPacer() = default;

void StepPacer::step(const torch::Device& device) {
    if (!device.is_cuda()) return;
#ifdef REVERIE_HAS_CUDA
    if (!events_) events_ = std::make_unique<Events>();
    Events& e = *events_;
    e.queued[e.next].record(c10::cuda::getCurrentCUDAStream(device.index()));
    e.next ^= 1;
    // The other event marks the previous step (it has been recorded once `any` is set).
    if (e.any) e.queued[e.next].synchronize();
    e.any = true;
#endif
}

}  // namespace reverie::pipeline
