#pragma once
// One generation, in the stages of diffusers' Stable Diffusion pipelines: 1. encode the prompts,
// 2. set the timesteps (truncated by the strength for img2img), 3. prepare the start latent (and
// the inpainting mask latents), 4. the denoising loop with classifier-free guidance, 5. decode.
// Same seed and scheduler config as diffusers -> the same latents.
#include <torch/torch.h>

#include <atomic>
#include <functional>

#include "core/pipeline/generation_request.h"
#include "core/pipeline/generation_result.h"
#include "core/pipeline/loaded_model.h"

namespace reverie::pipeline {

struct PipelineCallbacks {
    // After each denoising step: steps done (1-based), steps in this run, the latent and the
    // predicted clean latent x0 (both diffusion-space, on the model's device).
    std::function<void(int step, int total, const torch::Tensor& latent, const torch::Tensor& x0)>
        on_step;
    // Checked before every UNet call and before decoding; set -> reverie::Cancelled.
    const std::atomic<bool>* cancel = nullptr;
    // Sees every UNet input batch (guidance doubles it; the 9-channel UNet gets 9 channels).
    std::function<void(const torch::Tensor& unet_input)> on_unet_call;
    // "Only masked": the box of the init image that is cut out and rendered, said before its
    // first step, so previews of the crop can be shown in its place rather than stretched over
    // the whole picture.
    std::function<void(const image::Box& box)> on_crop;
};

// Throws reverie::Error for a request that cannot be honoured (steps <= 0, strength outside
// [0, 1], an empty mask, a mask without an image, a size the device's memory cannot hold...),
// reverie::Cancelled when cancelled.
// `refiner`: an SDXL refiner that runs the steps from request.refiner_switch on (A1111's
// "Refiner switch at"), with its own text encoder and aesthetic-score conditioning.
GenerationResult generate(LoadedModel& model, const GenerationRequest& request,
                          const PipelineCallbacks& callbacks = {}, LoadedModel* refiner = nullptr);

}  // namespace reverie::pipeline
