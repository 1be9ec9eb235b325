#include "core/pipeline/async_preview.h"

#include <cstring>
#include <utility>

#ifdef REVERIE_HAS_CUDA
#include <ATen/cuda/CUDAEvent.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace reverie::pipeline {

#ifdef REVERIE_HAS_CUDA
struct AsyncPreview::Cuda {
    explicit Cuda(c10::DeviceIndex device) : stream(c10::cuda::getStreamFromPool(false, device)) {}
    c10::cuda::CUDAStream stream;
    at::cuda::CUDAEvent done;
    torch::Tensor pinned;  // [H, W, 3] uint8, page-locked so the copy is asynchronous
    bool in_flight = false;

    image::Rgb8Image collect() {
        in_flight = false;
        image::Rgb8Image out;
        out.height = int(pinned.size(0));
        out.width = int(pinned.size(1));
        out.rgb.resize(size_t(pinned.numel()));
        std::memcpy(out.rgb.data(), pinned.data_ptr<uint8_t>(), out.rgb.size());
        return out;
    }
};
#else
struct AsyncPreview::Cuda {};
#endif

AsyncPreview::AsyncPreview(Decode decode) : decode_(std::move(decode)) {}
AsyncPreview::~AsyncPreview() {
#ifdef REVERIE_HAS_CUDA
    // The copy may still be writing into the pinned buffer.
    if (cuda_ && cuda_->in_flight) cuda_->done.synchronize();
#endif
}

bool AsyncPreview::submit(const torch::Tensor& latent) {
    if (!latent.is_cuda()) {
        ready_ = image::image01_to_rgb8(decode_(latent));
        return true;
    }
#ifdef REVERIE_HAS_CUDA
    if (!cuda_) cuda_ = std::make_unique<Cuda>(latent.device().index());
    Cuda& c = *cuda_;
    if (c.in_flight && !c.done.query()) return false;
    if (c.in_flight) ready_ = c.collect();  // finished but not collected: superseded below
    // The side stream starts once the latent is computed on the stream that produces it.
    at::cuda::CUDAEvent produced;
    produced.record(c10::cuda::getCurrentCUDAStream(latent.device().index()));
    {
        c10::cuda::CUDAStreamGuard guard(c.stream);
        produced.block(c.stream);
        const torch::Tensor image = decode_(latent);
        const torch::Tensor bytes = image.squeeze(0)
                                        .to(torch::kFloat32)
                                        .nan_to_num(0.0)
                                        .clamp(0.0, 1.0)
                                        .mul(255.0)
                                        .round()
                                        .to(torch::kUInt8)
                                        .permute({1, 2, 0})
                                        .contiguous();
        if (!c.pinned.defined() || c.pinned.sizes() != bytes.sizes())
            c.pinned = torch::empty(
                bytes.sizes(), torch::TensorOptions().dtype(torch::kUInt8).pinned_memory(true));
        c.pinned.copy_(bytes, /*non_blocking=*/true);
        // The latent belongs to the producing stream's allocations; keep it alive for this one.
        latent.record_stream(c.stream);
        c.done.record(c.stream);
    }
    c.in_flight = true;
    return true;
#else
    ready_ = image::image01_to_rgb8(decode_(latent));
    return true;
#endif
}

image::Rgb8Image AsyncPreview::take() {
#ifdef REVERIE_HAS_CUDA
    if (cuda_ && cuda_->in_flight && cuda_->done.query()) ready_ = cuda_->collect();
#endif
    return std::exchange(ready_, image::Rgb8Image{});
}

image::Rgb8Image AsyncPreview::wait() {
#ifdef REVERIE_HAS_CUDA
    if (cuda_ && cuda_->in_flight) {
        cuda_->done.synchronize();
        ready_ = cuda_->collect();
    }
#endif
    return std::exchange(ready_, image::Rgb8Image{});
}

}  // namespace reverie::pipeline
