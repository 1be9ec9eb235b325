#pragma once
// Live-preview decoding that does not stall the denoising loop. On a GPU the decode of step k's
// latent is queued on a stream of its own, so it runs beside step k+1's UNet instead of between
// the two, and its bytes arrive in pinned host memory without the host waiting for the GPU: the
// caller collects the picture at a later step. On the CPU the decode runs at once.
#include <torch/torch.h>

#include <functional>
#include <memory>

#include "core/image/latent_preview.h"

namespace reverie::pipeline {

class AsyncPreview {
  public:
    // latent [1,C,h,w] -> image [1,3,H,W] in [0,1], on the latent's device (TAESD's forward).
    using Decode = std::function<torch::Tensor(const torch::Tensor&)>;

    explicit AsyncPreview(Decode decode);
    ~AsyncPreview();
    AsyncPreview(const AsyncPreview&) = delete;
    AsyncPreview& operator=(const AsyncPreview&) = delete;

    // Starts decoding `latent` after the work already queued for it. Returns false, and starts
    // nothing, while the previous decode is still running: at most one is in flight.
    bool submit(const torch::Tensor& latent);
    // The finished preview, once per submit; empty (width 0) while none is ready.
    image::Rgb8Image take();
    // Waits for the decode in flight, if any, and returns it (empty when none).
    image::Rgb8Image wait();

  private:
    struct Cuda;
    Decode decode_;
    image::Rgb8Image ready_;
    std::unique_ptr<Cuda> cuda_;
};

}  // namespace reverie::pipeline
