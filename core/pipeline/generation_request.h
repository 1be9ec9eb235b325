#pragma once
// What one generation asks for and what it gives back. Plain data: the GUI, the CLI and the tests
// fill a GenerationRequest and read a GenerationResult.
#include <torch/torch.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image/image.h"
#include "core/image/latent_mask_mode.h"
#include "core/image/masked_content.h"

namespace reverie::pipeline {

// AUTOMATIC1111's inpainting extras, applied to the mask before anything else sees it.
struct MaskOptions {
    double blur = 0.0;  // Gaussian radius in pixels (A1111's "Mask blur")
    int grow = 0;       // dilate (> 0) or erode (< 0), pixels
    bool invert = false;
    image::MaskedContent masked_content = image::MaskedContent::Original;
    // Which latent cells an ordinary (4-channel) UNet regenerates; Nearest reproduces diffusers.
    // The 9-channel inpainting UNet always gets the Nearest mask it was trained with.
    image::LatentMaskMode latent_mask = image::LatentMaskMode::Cover;
    // Soft inpainting (`--mask-mode soft`): the mask's grey levels are per-pixel strengths
    // (differential diffusion, see soft_inpaint.h) instead of a keep/regenerate cut. Ordinary
    // UNets only; the 9-channel inpainting UNet is trained on hard masks.
    bool soft = false;
    // "Inpaint only masked": generate the padded box around the mask at the request's size (the
    // model's when 0, never the whole picture's) and paste it back.
    bool inpaint_full_res = false;
    int padding = 32;
};

struct GenerationRequest {
    std::string prompt;
    std::string negative_prompt;
    std::string sampler = "euler_a";
    bool karras = false;
    int steps = 20;
    double cfg_scale = 7.0;
    double eta = 0.0;
    int64_t seed = -1;  // -1: a random 64-bit seed, reported in the result
    // 0: the init image's size, else the model's training size. Rounded down to multiples of 8.
    int width = 0;
    int height = 0;
    int clip_skip = 1;  // AUTOMATIC1111's count: 1 = last layer, 2 = penultimate
    // A1111 skips layers for both prompts; diffusers (0.27) only for the positive one. Off
    // reproduces diffusers.
    bool clip_skip_negative = true;
    // A1111 emphasis "(word:1.2)" and BREAK, any prompt length; off = diffusers' single row of 77.
    bool prompt_syntax = true;

    std::optional<image::Image> init_image;  // RGB; img2img / inpainting
    double strength = 0.75;                  // img2img / 4-channel inpainting only
    std::optional<image::Mask> mask;         // white = regenerate
    MaskOptions mask_options;

    // VAE decoding in overlapping tiles (AutoencoderKL::decode_tiled): memory bounded by the tile,
    // not the image. Auto tiles images over 1024×1024 pixels; an untiled 2048² SD decode needs
    // about four times the memory of a 1024² one.
    enum class VaeTiling { Auto, On, Off };
    VaeTiling vae_tiling = VaeTiling::Auto;

    // A diffusers scheduler config (json text) used instead of the model's own, e.g. a golden's.
    std::optional<std::string> scheduler_config_json;
};

// Tensors of the stages, as diffusers names them, for parity tests and debugging.
struct GenerationStages {
    torch::Tensor prompt_embeds;           // [1, 77·chunks, D]
    torch::Tensor negative_prompt_embeds;  // undefined when guidance is off
    torch::Tensor noise;                   // the Gaussian noise drawn for the start latent
    torch::Tensor image_latents;           // init image latent × scaling factor
    torch::Tensor initial_latents;         // what the sampler starts from
    torch::Tensor mask_latent;             // [1, 1, h, w] (inpainting)
    torch::Tensor masked_image_latents;    // [1, 4, h, w] (inpainting)
};

struct GenerationResult {
    image::Image image;      // RGB8; inpainting composites it over the original
    torch::Tensor decoded;   // float32 CPU [1, 3, H, W] in [-1, 1], before clamping
    torch::Tensor latents;   // float32 CPU: as the sampler ends, before ÷ scaling factor
    uint64_t seed = 0;       // the seed actually used
    std::string parameters;  // A1111 infotext for the PNG "parameters" chunk
    std::vector<std::string> warnings;
    GenerationStages stages;
};

}  // namespace reverie::pipeline
