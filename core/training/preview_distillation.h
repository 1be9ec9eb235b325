#pragma once
// Phase 4 of the demo recipe: what live previews need — a TAESD-architecture decoder distilled from
// the trained VAE decoder, and the least-squares linear latent->RGB projection.
#include "core/image/latent_preview.h"
#include "core/models/taesd.h"
#include "core/training/denoiser_training.h"

namespace reverie::training {

// Student: TAESD decoder on diffusion-space latents (posterior samples of the pool × scaling
// factor); teacher: the VAE decoder's picture of the same latent, mapped to [0, 1].
PhaseReport distill_taesd(TaesdDecoder& student, AutoencoderKL& vae, const LatentPool& pool,
                          const DemoRecipe& recipe, const ProgressFn& progress);

// rgb ≈ factorsᵀ·latent + bias per latent pixel, against the teacher decode pooled to latent
// resolution (the same [-1, 1] units image::latent_to_rgb8 expects).
image::LatentRgbProjection fit_latent_projection(AutoencoderKL& vae, const LatentPool& pool,
                                                 int samples = 512);

}  // namespace reverie::training
