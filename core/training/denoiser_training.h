#pragma once
// Phase 3 of the demo recipe: the text encoder and the UNet, trained together on cached latents.
#include <torch/torch.h>

#include "core/models/autoencoder_kl.h"
#include "core/models/clip_text_model.h"
#include "core/models/unet.h"
#include "core/sampling/scheduler_config.h"
#include "core/text/tokenizer.h"
#include "core/training/demo_recipe.h"
#include "core/training/ema.h"

namespace reverie::training {

// The pool's scenes encoded once: posterior mean and std per scene (a fresh latent is sampled
// from them at every use) and the captions' token rows.
struct LatentPool {
    torch::Tensor mean, std;  // [N, 4, h, w], unscaled
    torch::Tensor ids;        // [N, max_length] int64
    torch::Tensor empty_ids;  // [1, max_length]: the empty caption (guidance's unconditional row)
    double scaling_factor = 1.0;
};

LatentPool encode_pool(AutoencoderKL& vae, const text::Tokenizer& tokenizer,
                       const DemoRecipe& recipe, double scaling_factor, const ProgressFn& progress);

// Per-sample loss weights for targets of the recipe's prediction type at noise levels
// `alphas_cumprod` (any shape): min-SNR-γ with the recipe's floor, clamp(snr, floor, γ) in x0
// units.
torch::Tensor loss_weights(const torch::Tensor& alphas_cumprod, const DemoRecipe& recipe);

// The noise schedule the denoiser is trained on (and that its scheduler_config.json describes).
sampling::SchedulerConfig training_scheduler(const DemoRecipe& r);

// Text encoder + UNet trained jointly (ε or v prediction as the recipe says, min-SNR-γ loss
// weights) on the device the pool is on, where the networks and EMAs must be too; `unet_ema` /
// `text_ema` follow the weights after every step.
PhaseReport train_denoiser(UNet2DConditionModel& unet, ClipTextModel& text_encoder,
                           const LatentPool& pool, const DemoRecipe& recipe, Ema& unet_ema,
                           Ema& text_ema, const ProgressFn& progress);

}  // namespace reverie::training
