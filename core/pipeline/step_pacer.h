#pragma once
// Keeps the host at most one step ahead of the GPU. Kernel launches (and CUDA graph replays) return
// at once, so without a brake the denoising loop would queue every step within milliseconds: the
// progress bar would jump to the end, a cancel would wait for all queued steps, and previews
// decoded beside the steps would find no gap to run in. Waiting for step k-1 after queuing step k
// keeps the GPU fed (one step is always queued) while the host stays in step. A no-op on the CPU.
#include <torch/torch.h>

#include <memory>

namespace reverie::pipeline {

class StepPacer {
  public:
    StepPacer();
    ~StepPacer();
    StepPacer(const StepPacer&) = delete;
    StepPacer& operator=(const StepPacer&) = delete;

    // Call after queuing one step's work on `device`'s current stream.
    void step(const torch::Device& device);

  private:
    struct Events;
    std::unique_ptr<Events> events_;
};

}  // namespace reverie::pipeline
