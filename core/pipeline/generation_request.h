#pragma once
// What one generation asks for. Plain data without torch types: the GUI, the CLI, the tests and
// the remote backends fill a GenerationRequest (the result is generation_result.h).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/adapters/adapter_set.h"
#include "core/image/image.h"
#include "core/image/latent_mask_mode.h"
#include "core/image/masked_content.h"
#include "core/pipeline/control_unit.h"

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

// SDXL's micro-conditioning (diffusers' original_size / crops_coords_top_left / target_size).
struct SizeConditioning {
    int width = 0, height = 0;  // 0: the generation's own size (A1111's default)
    bool set() const { return width > 0 && height > 0; }
};

struct GenerationRequest {
    std::string prompt;
    std::string negative_prompt;
    // SDXL: what the second text encoder (OpenCLIP bigG) reads; "" = the prompt itself.
    std::string prompt_2;
    std::string negative_prompt_2;
    SizeConditioning original_size, target_size;
    int crop_top = 0, crop_left = 0;
    // The SDXL refiner's aesthetic-score conditioning (SGM's defaults).
    double aesthetic_score = 6.0, negative_aesthetic_score = 2.5;
    // A1111's "Refiner switch at": the fraction of the steps the base model runs before the
    // refiner (given to generate() as a loaded model; its name here is for the PNG) takes over.
    std::string refiner;
    double refiner_switch = 0.8;
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

    // ControlNet units (A1111's "ControlNet Unit 0, 1, ..."); their residuals add up. They steer
    // the base model only, not an SDXL refiner.
    std::vector<ControlUnit> control;

    // A diffusers scheduler config (json text) used instead of the model's own, e.g. a golden's.
    std::optional<std::string> scheduler_config_json;
    // LoRA/LyCORIS files merged in this order (A1111's <lora:…> multipliers), and the folder of
    // textual-inversion embeddings the prompts may name (unset: the model folder's embeddings/).
    std::vector<adapters::LoraRef> loras;
    std::optional<std::string> embeddings_dir;
    // Where a prompt's <lora:NAME:…> is looked up, before the model folders' Lora/, LyCORIS/ and
    // loras/ (A1111 and ComfyUI layouts).
    std::vector<std::string> lora_dirs;
};

}  // namespace reverie::pipeline
