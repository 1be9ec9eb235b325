#include "core/pipeline/pipeline.h"

#include <random>

#include "core/common/cancelled.h"
#include "core/common/error.h"
#include "core/image/image_resize.h"
#include "core/image/image_tensor.h"
#include "core/image/inpaint_crop.h"
#include "core/image/mask_ops.h"
#include "core/image/masked_content.h"
#include "core/pipeline/inpaint_mask.h"
#include "core/pipeline/memory_estimate.h"
#include "core/pipeline/prompt_encoding.h"
#include "core/pipeline/request_parameters.h"
#include "core/pipeline/soft_inpaint.h"
#include "core/pipeline/step_pacer.h"
#include "core/sampling/rng.h"
#include "core/sampling/sampler_factory.h"
#include "core/sampling/scheduler_config.h"

namespace reverie::pipeline {

namespace {

using torch::Tensor;

// Tiles of 64 latents overlapping by 16: 512² pixels per tile for SD, the size the VAE decodes
// comfortably everywhere.
constexpr int64_t kVaeTile = 64, kVaeTileOverlap = 16, kVaeAutoTileArea = 128 * 128;

bool decode_in_tiles(GenerationRequest::VaeTiling tiling, int64_t latent_h, int64_t latent_w) {
    using T = GenerationRequest::VaeTiling;
    return tiling == T::On || (tiling == T::Auto && latent_h * latent_w > kVaeAutoTileArea);
}

Tensor decode_latents(LoadedModel& model, const Tensor& z, GenerationRequest::VaeTiling tiling) {
    model.use(io::Component::Vae);
    return decode_in_tiles(tiling, z.size(2), z.size(3))
               ? model.vae->decode_tiled(z, kVaeTile, kVaeTileOverlap)
               : model.vae->decode(z);
}

void check_cancel(const PipelineCallbacks& cb) {
    if (cb.cancel && cb.cancel->load()) throw Cancelled();
}

void validate(const GenerationRequest& r) {
    if (r.steps <= 0) throw Error("Steps must be at least 1, got " + std::to_string(r.steps) + ".");
    if (r.init_image && !(r.strength >= 0.0 && r.strength <= 1.0))
        throw Error("Strength must be between 0 and 1, got " + std::to_string(r.strength) + ".");
    if (r.mask && !r.init_image) throw Error("Inpainting needs an init image to go with the mask.");
    if (r.init_image && (r.init_image->empty() || r.init_image->channels != 3))
        throw Error("The init image must be a non-empty RGB picture.");
    if (r.width < 0 || r.height < 0) throw Error("Width and height cannot be negative.");
    if (r.clip_skip < 1) throw Error("Clip skip counts from 1 (the last layer).");
}

// Multiples of the VAE's downscale (8), rounded down, at least one latent.
int fit_side(int requested, int multiple, const char* what, std::vector<std::string>& warnings) {
    int v = std::max(multiple, requested / multiple * multiple);
    if (v != requested)
        warnings.push_back(std::string(what) + " " + std::to_string(requested) +
                           " is not a multiple of " + std::to_string(multiple) + "; using " +
                           std::to_string(v) + ".");
    return v;
}

uint64_t resolve_seed(int64_t seed) {
    if (seed >= 0) return uint64_t(seed);
    std::random_device rd;
    // 63 bits, so the seed survives a round trip through the signed request field.
    return ((uint64_t(rd()) << 32) | rd()) & 0x7fffffffffffffffULL;
}

std::unique_ptr<sampling::Sampler> build_sampler(const LoadedModel& model,
                                                 const GenerationRequest& r) {
    const auto config =
        r.scheduler_config_json
            ? sampling::SchedulerConfig::from_json_text(*r.scheduler_config_json)
            : sampling::SchedulerConfig::from_json(model.description().scheduler_config);
    return sampling::make_sampler(r.sampler, config, r.karras, r.eta);
}

// VAE posterior sample × scaling factor, the noise drawn from `gen` (diffusers'
// retrieve_latents(..., generator) * scaling_factor).
Tensor encode_image(LoadedModel& m, const Tensor& image, at::Generator& gen) {
    m.use(io::Component::Vae);
    auto moments = m.vae->encode(image.to(m.device(), m.vae_dtype()));
    auto z = m.vae->sample(moments.mean, moments.logvar, &gen);
    return z.to(torch::kFloat32) * m.vae->scaling_factor();
}

struct Sizes {
    int width = 0, height = 0;
};

Sizes resolve_size(const LoadedModel& m, const GenerationRequest& r,
                   std::vector<std::string>& warnings) {
    const int mult = int(m.vae->config().downscale());
    int w = r.width, h = r.height;
    if (w == 0) w = r.init_image ? r.init_image->width : m.default_size();
    if (h == 0) h = r.init_image ? r.init_image->height : m.default_size();
    return {fit_side(w, mult, "Width", warnings), fit_side(h, mult, "Height", warnings)};
}

GenerationResult generate_full_res(LoadedModel& model, const GenerationRequest& r,
                                   const PipelineCallbacks& cb);

}  // namespace

GenerationResult generate(LoadedModel& model, const GenerationRequest& r,
                          const PipelineCallbacks& cb) {
    validate(r);
    if (r.mask && r.mask_options.inpaint_full_res) return generate_full_res(model, r, cb);
    c10::InferenceMode guard;
    check_cancel(cb);
    GenerationResult res;
    const Sizes size = resolve_size(model, r, res.warnings);
    // Before the first allocation: past this point the OS, not a message, would stop the run.
    const torch::Device device = model.device();
    const int64_t down = model.vae->config().downscale();
    const int vae_tile_px = decode_in_tiles(r.vae_tiling, size.height / down, size.width / down)
                                ? int(kVaeTile * down)
                                : 0;
    check_fits(estimate_memory(model, size.width, size.height, r.cfg_scale > 1.0, vae_tile_px),
               available_memory_mb(device), size.width, size.height);
    res.seed = resolve_seed(r.seed);
    at::Generator gen = sampling::make_cpu_generator(res.seed);

    image::Image init;
    if (r.init_image) {
        init = *r.init_image;
        if (init.width != size.width || init.height != size.height) {
            res.warnings.push_back("The init image (" + std::to_string(init.width) + "x" +
                                   std::to_string(init.height) + ") was resized to " +
                                   std::to_string(size.width) + "x" + std::to_string(size.height) +
                                   ".");
            init = image::resize_image(init, size.width, size.height);
        }
    }
    image::Mask mask;
    if (r.mask) {
        mask = prepare_mask(*r.mask, size.width, size.height, r.mask_options, res.warnings);
        init = image::apply_masked_content(init, mask, r.mask_options.masked_content);
    }
    const bool inpaint = r.mask.has_value();
    const bool nine_channels = model.inpainting_unet();
    if (nine_channels && !inpaint)
        throw Error("This is an inpainting model (9-channel UNet): give it an image and a mask.");

    // 1. Encode the prompts.
    const bool guided = r.cfg_scale > 1.0;
    PromptEncoder encoder{*model.tokenizer,
                          model.text_encoder,
                          device,
                          r.clip_skip,
                          r.clip_skip_negative ? r.clip_skip : 1,
                          r.prompt_syntax};
    model.use(io::Component::TextEncoder);
    auto prompts = encode_prompts(encoder, r.prompt, r.negative_prompt, guided);
    res.stages.prompt_embeds = prompts.positive;
    res.stages.negative_prompt_embeds = prompts.negative;
    const Tensor context =
        (guided ? torch::cat({prompts.negative, prompts.positive}) : prompts.positive)
            .to(model.dtype());

    // 2. Timesteps, truncated by the strength when starting from an image.
    auto sampler = build_sampler(model, r);
    sampler->set_timesteps(r.steps);
    const int total = int(sampler->timesteps().size(0));
    int start = 0;
    const bool from_image = r.init_image.has_value();
    const bool full_strength = !from_image || r.strength == 1.0;
    if (from_image) {
        start = sampler->start_for_strength(r.strength).start_index;
        if (start >= total)
            throw Error("Strength " + std::to_string(r.strength) + " with " +
                        std::to_string(r.steps) + " steps leaves no step to run; raise either.");
    }

    // 3. The start latent; img2img and inpainting draw the posterior sample before the noise.
    const auto& vc = model.vae->config();
    const std::vector<int64_t> shape = {1, vc.latent_channels, size.height / vc.downscale(),
                                        size.width / vc.downscale()};
    Tensor image_latents, mask_latent, region;
    if (from_image && (!nine_channels || !full_strength))
        image_latents = encode_image(model, image::image_to_tensor(init), gen);
    const Tensor noise =
        sampling::randn(shape, &gen, torch::TensorOptions(torch::kFloat32)).to(device);
    if (inpaint) {
        const int ds = int(vc.downscale());
        mask_latent = image::latent_mask(mask, ds).to(device);
        // The cells that are regenerated rather than kept.
        const auto mode = r.mask_options.latent_mask;
        if (r.mask_options.soft && !nine_channels)
            region = soft_latent_mask(mask, ds).to(device);  // strengths, not a cut
        else
            region = nine_channels || mode == image::LatentMaskMode::Nearest
                         ? mask_latent
                         : image::latent_mask(mask, ds, mode).to(device);
        using MC = image::MaskedContent;
        if (image_latents.defined() && r.mask_options.masked_content == MC::LatentNothing)
            image_latents = image_latents * (1 - region);
        if (image_latents.defined() && r.mask_options.masked_content == MC::LatentNoise)
            image_latents = image_latents * (1 - region) + noise * region;
    }
    Tensor x = (from_image && !(inpaint && full_strength))
                   ? sampler->add_noise(image_latents, noise, start)
                   : noise * sampler->init_noise_sigma();
    Tensor masked_image_latents;
    if (inpaint)
        masked_image_latents =
            encode_image(model, image::masked_image_tensor(init, mask), gen).to(device);
    res.stages.noise = noise;
    res.stages.image_latents = image_latents;
    res.stages.initial_latents = x;
    res.stages.mask_latent = mask_latent;
    res.stages.masked_image_latents = masked_image_latents;

    // 4. Denoise: one UNet batch holds the unconditional and the conditional half.
    Tensor unet_extra;
    if (nine_channels) {
        unet_extra = torch::cat({mask_latent, masked_image_latents}, 1);
        if (guided) unet_extra = torch::cat({unet_extra, unet_extra});
    }
    const double cfg = r.cfg_scale;
    StepPacer pacer;
    sampling::Denoiser denoiser = [&](const Tensor& in, const Tensor& t) {
        Tensor batch = guided ? torch::cat({in, in}) : in;
        if (unet_extra.defined()) batch = torch::cat({batch, unet_extra}, 1);
        if (cb.on_unet_call) cb.on_unet_call(batch);
        // non_blocking: a plain host-to-device copy would wait for the GPU to finish the last step.
        Tensor out =
            model.run_unet(batch.to(model.dtype()), t.to(device, t.scalar_type(), true), context)
                .to(torch::kFloat32);
        if (guided) {
            auto halves = out.chunk(2);
            out = halves[0] + cfg * (halves[1] - halves[0]);
        }
        pacer.step(device);
        return out;
    };
    sampling::SamplerCallbacks scb;
    scb.cancel = cb.cancel;
    if (cb.on_step)
        scb.on_step = [&](const sampling::StepInfo& s) {
            cb.on_step(s.step - start + 1, total - start, s.sample, s.denoised);
        };
    if (inpaint && !nine_channels && r.mask_options.soft) {
        scb.after_step = [&](int i, const Tensor& sample) {
            const Tensor free = differential_region(region, i - start + 1, total - start);
            const Tensor proper =
                i + 1 < total ? sampler->add_noise(image_latents, noise, i + 1) : image_latents;
            return (1 - free) * proper + free * sample;
        };
    } else if (inpaint && !nine_channels) {
        // The kept region follows the init latent, re-noised to the level of the next step.
        const Tensor keep = 1 - region;
        scb.after_step = [&, keep](int i, const Tensor& sample) {
            const Tensor proper =
                i + 1 < total ? sampler->add_noise(image_latents, noise, i + 1) : image_latents;
            return keep * proper + region * sample;
        };
    }
    model.use(io::Component::UNet);
    x = sampler->sample(denoiser, x, &gen, scb, start);
    res.latents = x.to(torch::kFloat32).cpu();

    // 5. Decode.
    check_cancel(cb);
    const Tensor z = (x / model.vae->scaling_factor()).to(model.vae_dtype());
    res.decoded = decode_latents(model, z, r.vae_tiling).to(torch::kFloat32).cpu();
    res.image = image::tensor_to_image(res.decoded);
    if (inpaint) res.image = composite(init, res.image, mask);

    res.parameters = image::to_a1111_text(
        to_generation_parameters(r, res.seed, size.width, size.height, model.description().name));
    return res;
}

namespace {

GenerationResult generate_full_res(LoadedModel& model, const GenerationRequest& r,
                                   const PipelineCallbacks& cb) {
    std::vector<std::string> warnings;
    const image::Image& original = *r.init_image;
    const image::Mask mask =
        prepare_mask(*r.mask, original.width, original.height, r.mask_options, warnings);
    const int mult = int(model.vae->config().downscale());
    // The crop is rendered at the size asked for, else the model's: a 3000×2000 photo is never
    // regenerated at 3000×2000 to repaint a small region of it.
    const int tw = fit_side(r.width ? r.width : model.default_size(), mult, "Width", warnings);
    const int th = fit_side(r.height ? r.height : model.default_size(), mult, "Height", warnings);
    const image::Box box = image::crop_box(mask, r.mask_options.padding, tw, th);

    GenerationRequest sub = r;
    sub.width = tw;
    sub.height = th;
    sub.init_image = image::resize_image(crop(original, box), tw, th);
    sub.mask = image::resize_image(crop(mask, box), tw, th);
    sub.mask_options = MaskOptions{};
    sub.mask_options.masked_content = r.mask_options.masked_content;
    sub.mask_options.latent_mask = r.mask_options.latent_mask;
    sub.mask_options.soft = r.mask_options.soft;
    GenerationResult res = generate(model, sub, cb);

    const int feather = int(std::lround(r.mask_options.blur));
    res.image = image::paste_back(original, res.image, box, mask, feather);
    warnings.insert(warnings.end(), res.warnings.begin(), res.warnings.end());
    res.warnings = warnings;
    res.parameters = image::to_a1111_text(to_generation_parameters(
        r, res.seed, original.width, original.height, model.description().name));
    return res;
}

}  // namespace

}  // namespace reverie::pipeline
