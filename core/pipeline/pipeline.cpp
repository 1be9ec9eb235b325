#include "core/pipeline/pipeline.h"

#include <cmath>
#include <random>

#include "core/common/cancelled.h"
#include "core/common/error.h"
#include "core/image/image_resize.h"
#include "core/image/image_tensor.h"
#include "core/image/inpaint_crop.h"
#include "core/image/mask_ops.h"
#include "core/image/masked_content.h"
#include "core/pipeline/control_guidance.h"
#include "core/pipeline/inpaint_mask.h"
#include "core/pipeline/memory_estimate.h"
#include "core/pipeline/model_adapters.h"
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
    for (size_t i = 0; i < r.control.size(); ++i) validate_control_unit(r.control[i], int(i));
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
            : sampling::scheduler_config_for(r.sampler, model.description().scheduler_config);
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
                                   const PipelineCallbacks& cb, LoadedModel* refiner);

// What every step after the planning shares: the size, the seed's generator, the init image and
// the prepared mask, and which kind of run this is.
struct Plan {
    Sizes size;
    at::Generator gen;
    image::Image init;  // resized to `size`; masked content applied when inpainting
    image::Mask mask;   // prepared (grown, blurred, inverted), at `size`
    bool from_image = false;
    bool inpaint = false;
    bool nine_channels = false;
    bool guided = false;
};

// 0. Plan: validate the size against memory before the first allocation, seed the generator,
//    fit the init image and the mask to the size.
Plan plan(LoadedModel& model, const GenerationRequest& r, GenerationResult& res) {
    Plan p;
    p.size = resolve_size(model, r, res.warnings);
    // Before the first allocation: past this point the OS, not a message, would stop the run.
    const int64_t down = model.vae->config().downscale();
    const int vae_tile_px = decode_in_tiles(r.vae_tiling, p.size.height / down, p.size.width / down)
                                ? int(kVaeTile * down)
                                : 0;
    check_fits(estimate_memory(model, p.size.width, p.size.height, r.cfg_scale > 1.0, vae_tile_px,
                               int(r.control.size())),
               available_memory_mb(model.device()), p.size.width, p.size.height);
    res.seed = resolve_seed(r.seed);
    p.gen = sampling::make_cpu_generator(res.seed);
    p.guided = r.cfg_scale > 1.0;
    p.from_image = r.init_image.has_value();
    p.inpaint = r.mask.has_value();
    p.nine_channels = model.inpainting_unet();
    if (p.nine_channels && !p.inpaint)
        throw Error("This is an inpainting model (9-channel UNet): give it an image and a mask.");
    if (p.from_image) {
        p.init = *r.init_image;
        if (p.init.width != p.size.width || p.init.height != p.size.height) {
            res.warnings.push_back("The init image (" + std::to_string(p.init.width) + "x" +
                                   std::to_string(p.init.height) + ") was resized to " +
                                   std::to_string(p.size.width) + "x" +
                                   std::to_string(p.size.height) + ".");
            p.init = image::resize_image(p.init, p.size.width, p.size.height);
        }
    }
    if (p.inpaint) {
        p.mask = prepare_mask(*r.mask, p.size.width, p.size.height, r.mask_options, res.warnings);
        p.init = image::apply_masked_content(p.init, p.mask, r.mask_options.masked_content);
    }
    return p;
}

// The two halves of a guided UNet call (only `cond` without guidance).
struct PromptConditioning {
    Conditioning cond, uncond;
};

// SDXL's time ids: [original h, w, crop top, left, target h, w], or for the refiner [original h,
// w, crop top, left, aesthetic score]. Defaults as A1111: original = target = the image size.
torch::Tensor sdxl_time_ids(const LoadedModel& model, const GenerationRequest& r, const Sizes& s,
                            bool negative) {
    const SizeConditioning o =
        r.original_size.set() ? r.original_size : SizeConditioning{s.width, s.height};
    const SizeConditioning t =
        r.target_size.set() ? r.target_size : SizeConditioning{s.width, s.height};
    std::vector<float> ids = {float(o.height), float(o.width), float(r.crop_top),
                              float(r.crop_left)};
    if (model.family() == io::ModelFamily::SDXLRefiner)
        ids.push_back(float(negative ? r.negative_aesthetic_score : r.aesthetic_score));
    else
        ids.insert(ids.end(), {float(t.height), float(t.width)});
    return torch::tensor(ids, torch::kFloat32).unsqueeze(0);
}

// What the encoders read: the prompts without LoRA tags, the tokenizers that know the embeddings.
struct PromptTexts {
    const RequestAdapters& adapters;
    const PromptEmbeddings& embeddings;
};

// 1a. SD 1.x / 2.x: one text encoder, cross-attention only.
PromptConditioning encode_prompt_sd(LoadedModel& model, const GenerationRequest& r,
                                    const PromptTexts& texts, bool guided, GenerationResult& res) {
    PromptEncoder encoder{
        texts.embeddings.tokenizer(),           model.text_encoder, model.device(), r.clip_skip,
        r.clip_skip_negative ? r.clip_skip : 1, r.prompt_syntax};
    model.use(io::Component::TextEncoder);
    auto prompts =
        encode_prompts(encoder, texts.adapters.prompt, texts.adapters.negative_prompt, guided);
    res.stages.prompt_embeds = prompts.positive;
    res.stages.negative_prompt_embeds = prompts.negative;
    PromptConditioning c;
    c.cond.context = prompts.positive;
    if (guided) c.uncond.context = prompts.negative;
    return c;
}

// 1b. SDXL: both towers' penultimate states, bigG's pooled output and the size conditioning.
PromptConditioning encode_prompt_sdxl(LoadedModel& model, const GenerationRequest& r,
                                      const PromptTexts& texts, const Plan& p,
                                      GenerationResult& res) {
    // A1111's clip skip counts from the last layer; SDXL already reads the penultimate one, and
    // a larger skip reads further back (A1111's sdxl_clip_l_skip).
    SdxlTextEncoders encoders{model.tokenizer ? &texts.embeddings.tokenizer() : nullptr,
                              model.text_encoder ? &model.text_encoder : nullptr,
                              texts.embeddings.tokenizer_2(),
                              model.text_encoder_2,
                              model.device(),
                              std::max(2, r.clip_skip),
                              r.prompt_syntax};
    SdxlPrompts prompts{texts.adapters.prompt, r.prompt_2, texts.adapters.negative_prompt,
                        r.negative_prompt_2,   p.guided,   true};
    if (model.text_encoder) model.use(io::Component::TextEncoder);
    model.use(io::Component::TextEncoder2);
    const auto e = encode_prompts(encoders, prompts);
    res.stages.prompt_embeds = e.positive;
    res.stages.negative_prompt_embeds = e.negative;
    res.stages.pooled_prompt_embeds = e.positive_pooled;
    res.stages.negative_pooled_prompt_embeds = e.negative_pooled;
    res.stages.add_time_ids = sdxl_time_ids(model, r, p.size, false);
    PromptConditioning c;
    c.cond.context = e.positive;
    c.cond.vector = model.unet->text_time_vector(
        e.positive_pooled, res.stages.add_time_ids.to(e.positive_pooled.device()));
    if (p.guided) {
        res.stages.negative_add_time_ids = sdxl_time_ids(model, r, p.size, true);
        c.uncond.context = e.negative;
        c.uncond.vector = model.unet->text_time_vector(
            e.negative_pooled, res.stages.negative_add_time_ids.to(e.negative_pooled.device()));
    }
    return c;
}

// 1. Encode the prompt(s) into the UNet's conditioning: the prompts without their <lora:…> tags,
// with the textual-inversion embeddings they name.
PromptConditioning encode_prompt(LoadedModel& model, const GenerationRequest& r, const Plan& p,
                                 GenerationResult& res) {
    const RequestAdapters adapters = request_adapters(model, r);
    const PromptEmbeddings embeddings(
        model, r.embeddings_dir.value_or(default_embeddings_dir(model)),
        {adapters.prompt, adapters.negative_prompt, r.prompt_2, r.negative_prompt_2});
    res.warnings.insert(res.warnings.end(), embeddings.warnings().begin(),
                        embeddings.warnings().end());
    const PromptTexts texts{adapters, embeddings};
    return model.unet->config().takes_vector() ? encode_prompt_sdxl(model, r, texts, p, res)
                                               : encode_prompt_sd(model, r, texts, p.guided, res);
}

// 2. The timesteps, and where a run from an image starts (truncated by the strength).
struct Schedule {
    std::unique_ptr<sampling::Sampler> sampler;
    int total = 0;
    int start = 0;
};

Schedule set_timesteps(const LoadedModel& model, const GenerationRequest& r, const Plan& p) {
    Schedule s;
    s.sampler = build_sampler(model, r);
    s.sampler->set_timesteps(r.steps);
    s.total = int(s.sampler->timesteps().size(0));
    if (p.from_image) {
        s.start = s.sampler->start_for_strength(r.strength).start_index;
        if (s.start >= s.total)
            throw Error("Strength " + std::to_string(r.strength) + " with " +
                        std::to_string(r.steps) + " steps leaves no step to run; raise either.");
    }
    return s;
}

// 3. The start latent and, when inpainting, the mask latents. img2img and inpainting draw the VAE
//    posterior sample before the noise (diffusers' order of generator use).
struct Latents {
    Tensor start;          // what the sampler starts from
    Tensor noise;          // the Gaussian draw
    Tensor image_latents;  // the init image's latent × scaling factor
    Tensor mask_latent;    // [1, 1, h, w]: the mask at latent size (what the 9-channel UNet sees)
    Tensor region;         // the cells regenerated rather than kept
    Tensor masked_image_latents;
};

Latents prepare_latents(LoadedModel& model, const GenerationRequest& r, Plan& p, const Schedule& s,
                        GenerationResult& res) {
    const torch::Device device = model.device();
    const bool full_strength = !p.from_image || r.strength == 1.0;
    const auto& vc = model.vae->config();
    const std::vector<int64_t> shape = {1, vc.latent_channels, p.size.height / vc.downscale(),
                                        p.size.width / vc.downscale()};
    Latents l;
    if (p.from_image && (!p.nine_channels || !full_strength))
        l.image_latents = encode_image(model, image::image_to_tensor(p.init), p.gen);
    l.noise = sampling::randn(shape, &p.gen, torch::TensorOptions(torch::kFloat32)).to(device);
    if (p.inpaint) {
        const int ds = int(vc.downscale());
        l.mask_latent = image::latent_mask(p.mask, ds).to(device);
        const auto mode = r.mask_options.latent_mask;
        if (r.mask_options.soft && !p.nine_channels)
            l.region = soft_latent_mask(p.mask, ds).to(device);  // strengths, not a cut
        else
            l.region = p.nine_channels || mode == image::LatentMaskMode::Nearest
                           ? l.mask_latent
                           : image::latent_mask(p.mask, ds, mode).to(device);
        using MC = image::MaskedContent;
        if (l.image_latents.defined() && r.mask_options.masked_content == MC::LatentNothing)
            l.image_latents = l.image_latents * (1 - l.region);
        if (l.image_latents.defined() && r.mask_options.masked_content == MC::LatentNoise)
            l.image_latents = l.image_latents * (1 - l.region) + l.noise * l.region;
    }
    l.start = (p.from_image && !(p.inpaint && full_strength))
                  ? s.sampler->add_noise(l.image_latents, l.noise, s.start)
                  : l.noise * s.sampler->init_noise_sigma();
    if (p.inpaint)
        l.masked_image_latents =
            encode_image(model, image::masked_image_tensor(p.init, p.mask), p.gen).to(device);
    res.stages.noise = l.noise;
    res.stages.image_latents = l.image_latents;
    res.stages.initial_latents = l.start;
    res.stages.mask_latent = l.mask_latent;
    res.stages.masked_image_latents = l.masked_image_latents;
    return l;
}

// A UNet and what it is conditioned on, from step `first_step` (of the whole schedule) on: the
// base model, then the SDXL refiner when there is one.
struct UNetStage {
    LoadedModel* model = nullptr;
    Conditioning cond;  // the guidance batch, on the model's device in its dtype
    int first_step = 0;
};

UNetStage make_stage(LoadedModel& model, const Plan& p, PromptConditioning prompt, const Latents& l,
                     int first_step) {
    if (model.inpainting_unet()) {
        const Tensor concat = torch::cat({l.mask_latent, l.masked_image_latents}, 1);
        prompt.cond.concat = concat;
        prompt.uncond.concat = concat;
    }
    return {&model,
            (p.guided ? Conditioning::batch(prompt.uncond, prompt.cond) : prompt.cond)
                .to(model.device(), model.dtype()),
            first_step};
}

// 3b. The ControlNet units: each network loaded (once per model) and its control picture fitted
//     to the size; an inpainting run lends its init image and mask to units that want them.
ControlGuidance prepare_control(LoadedModel& model, const GenerationRequest& r, const Plan& p) {
    std::vector<ControlGuidance::Unit> units;
    for (const ControlUnit& u : r.control) {
        ControlGuidance::Unit unit;
        unit.net = model.controlnet(u.model);
        unit.hint = control_hint(u, p.from_image ? &p.init : nullptr, p.inpaint ? &p.mask : nullptr,
                                 p.size.width, p.size.height);
        unit.settings = u;
        units.push_back(std::move(unit));
    }
    return ControlGuidance(std::move(units), p.guided, model.device(), model.dtype());
}

// 4. Denoise: one UNet batch holds the unconditional and the conditional half; the 9-channel
//    UNet's mask and masked image join the conditioning as concatenated channels, the ControlNet
//    units' residuals (base model only) as residuals.
Tensor denoise(const GenerationRequest& r, Plan& p, Schedule& s,
               const std::vector<UNetStage>& stages, const Latents& l,
               const ControlGuidance& control, const PipelineCallbacks& cb) {
    const double cfg = r.cfg_scale;
    const bool guided = p.guided;
    StepPacer pacer;
    int steps_done = s.start;  // whole-schedule index of the step the next call belongs to
    const UNetStage* stage = &stages.front();
    sampling::Denoiser denoiser = [&](const Tensor& in, const Tensor& t) {
        if (stage != &stages.back() && steps_done >= (stage + 1)->first_step) {
            ++stage;
            stage->model->use(io::Component::UNet);
        }
        LoadedModel& model = *stage->model;
        const Conditioning& cond = stage->cond;
        const torch::Device device = model.device();
        const Tensor batch = guided ? torch::cat({in, in}) : in;
        if (cb.on_unet_call)
            cb.on_unet_call(cond.concat.defined()
                                ? torch::cat({batch, cond.concat.to(batch.scalar_type())}, 1)
                                : batch);
        // non_blocking: a plain host-to-device copy would wait for the GPU to finish the last step.
        const Tensor x = batch.to(model.dtype());
        const Tensor step_t = t.to(device, t.scalar_type(), true);
        Tensor out;
        if (stage == &stages.front() && !control.empty()) {
            // The loop's own step count: the strength-truncated one, PNDM's extra step included.
            Conditioning controlled = cond;
            control.apply(x, step_t, steps_done - s.start, s.total - s.start, controlled);
            out = model.run_unet(x, step_t, controlled).to(torch::kFloat32);
        } else {
            out = model.run_unet(x, step_t, cond).to(torch::kFloat32);
        }
        if (guided) {
            auto halves = out.chunk(2);
            out = halves[0] + cfg * (halves[1] - halves[0]);
        }
        pacer.step(device);
        return out;
    };
    sampling::SamplerCallbacks scb;
    scb.cancel = cb.cancel;
    const int start = s.start, total = s.total;
    scb.on_step = [&](const sampling::StepInfo& i) {
        steps_done = i.step + 1;
        if (cb.on_step) cb.on_step(i.step - start + 1, total - start, i.sample, i.denoised);
    };
    if (p.inpaint && !p.nine_channels && r.mask_options.soft) {
        scb.after_step = [&](int i, const Tensor& sample) {
            const Tensor free = differential_region(l.region, i - start + 1, total - start);
            const Tensor proper = i + 1 < total
                                      ? s.sampler->add_noise(l.image_latents, l.noise, i + 1)
                                      : l.image_latents;
            return (1 - free) * proper + free * sample;
        };
    } else if (p.inpaint && !p.nine_channels) {
        // The kept region follows the init latent, re-noised to the level of the next step.
        const Tensor keep = 1 - l.region;
        scb.after_step = [&, keep](int i, const Tensor& sample) {
            const Tensor proper = i + 1 < total
                                      ? s.sampler->add_noise(l.image_latents, l.noise, i + 1)
                                      : l.image_latents;
            return keep * proper + l.region * sample;
        };
    }
    stage->model->use(io::Component::UNet);
    return s.sampler->sample(denoiser, l.start, &p.gen, scb, start);
}

// The refiner's stage: its own prompt encoding (bigG only, aesthetic scores), from A1111's
// "Refiner switch at" fraction of the steps on.
UNetStage refiner_stage(LoadedModel& base, LoadedModel& refiner, const GenerationRequest& r,
                        const Plan& p, const Schedule& s, const Latents& l) {
    if (refiner.family() != io::ModelFamily::SDXLRefiner || !io::is_sdxl(base.family()))
        throw Error("A refiner must be an SDXL refiner used with an SDXL model; got " +
                    io::to_string(refiner.family()) + " refining " + io::to_string(base.family()) +
                    ".");
    if (!(r.refiner_switch > 0.0 && r.refiner_switch < 1.0))
        throw Error("Refiner switch must be between 0 and 1 (exclusive), got " +
                    std::to_string(r.refiner_switch) + ".");
    GenerationResult scratch;
    PromptConditioning prompt = encode_prompt(refiner, r, p, scratch);
    const int first = std::max(s.start, int(std::lround(r.refiner_switch * s.total)));
    return make_stage(refiner, p, std::move(prompt), l, first);
}

// 5. Decode the final latent; 6. paste the kept pixels back over it when inpainting.
void decode_and_composite(LoadedModel& model, const GenerationRequest& r, const Plan& p,
                          const Tensor& x, const PipelineCallbacks& cb, GenerationResult& res) {
    check_cancel(cb);
    const Tensor z = (x / model.vae->scaling_factor()).to(model.vae_dtype());
    res.decoded = decode_latents(model, z, r.vae_tiling).to(torch::kFloat32).cpu();
    res.image = image::tensor_to_image(res.decoded);
    if (p.inpaint) res.image = composite(p.init, res.image, p.mask);
}

}  // namespace

GenerationResult generate(LoadedModel& model, const GenerationRequest& r,
                          const PipelineCallbacks& cb, LoadedModel* refiner) {
    validate(r);
    if (r.mask && r.mask_options.inpaint_full_res) return generate_full_res(model, r, cb, refiner);
    c10::InferenceMode guard;
    check_cancel(cb);
    GenerationResult res;
    // The ControlNets first: a file that does not fit fails before any work, and the memory
    // check counts their weights.
    for (const ControlUnit& u : r.control) model.controlnet(u.model);
    Plan p = plan(model, r, res);
    // LoRAs the request and its prompt name, merged into the weights (nothing when already so).
    for (auto& w : use_loras(model, request_adapters(model, r).loras))
        res.warnings.push_back(std::move(w));
    PromptConditioning prompt = encode_prompt(model, r, p, res);
    Schedule schedule = set_timesteps(model, r, p);
    const Latents latents = prepare_latents(model, r, p, schedule, res);
    const ControlGuidance control = prepare_control(model, r, p);
    std::vector<UNetStage> stages{make_stage(model, p, std::move(prompt), latents, 0)};
    if (refiner) stages.push_back(refiner_stage(model, *refiner, r, p, schedule, latents));
    const Tensor x = denoise(r, p, schedule, stages, latents, control, cb);
    res.latents = x.to(torch::kFloat32).cpu();
    decode_and_composite(model, r, p, x, cb, res);
    auto parameters = to_generation_parameters(r, res.seed, p.size.width, p.size.height,
                                               model.description().name);
    add_adapter_parameters(model, r.prompt, parameters);
    res.parameters = image::to_a1111_text(parameters);
    return res;
}

namespace {

GenerationResult generate_full_res(LoadedModel& model, const GenerationRequest& r,
                                   const PipelineCallbacks& cb, LoadedModel* refiner) {
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
    // Control pictures are cut to the same box (units without one use the cropped init image).
    for (ControlUnit& u : sub.control) {
        if (u.image.empty()) continue;
        const image::Image whole =
            image::resize_to(u.image, original.width, original.height, u.resize);
        u.image = image::resize_image(crop(whole, box), tw, th);
        u.resize = image::ResizeMode::JustResize;
    }
    if (cb.on_crop) cb.on_crop(box);
    GenerationResult res = generate(model, sub, cb, refiner);

    const int feather = int(std::lround(r.mask_options.blur));
    res.image = image::paste_back(original, res.image, box, mask, feather);
    warnings.insert(warnings.end(), res.warnings.begin(), res.warnings.end());
    res.warnings = warnings;
    auto parameters = to_generation_parameters(r, res.seed, original.width, original.height,
                                               model.description().name);
    add_adapter_parameters(model, r.prompt, parameters);
    res.parameters = image::to_a1111_text(parameters);
    return res;
}

}  // namespace

}  // namespace reverie::pipeline
