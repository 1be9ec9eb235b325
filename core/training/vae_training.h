#pragma once
// Phase 2 of the demo recipe: the autoencoder.
#include "core/models/autoencoder_kl.h"
#include "core/training/demo_recipe.h"

namespace reverie::training {

// Trains `vae` on fresh scenes (a new batch every step): L1 reconstruction of a posterior sample
// plus kl_weight × KL(q(z|x) || N(0, I)), both summed per image as LDM does.
PhaseReport train_vae(AutoencoderKL& vae, const DemoRecipe& recipe, const ProgressFn& progress);

// LDM's scale_factor: 1 / std of latents sampled from the posterior of real data, so the
// diffusion model sees unit-variance latents.
double measure_scaling_factor(AutoencoderKL& vae, const DemoRecipe& recipe, int images = 256);

}  // namespace reverie::training
