#include "core/training/denoiser_training.h"

#include "core/demo/shapes_scene.h"
#include "core/sampling/train_schedule.h"
#include "core/training/phase_clock.h"
#include "core/training/scene_batches.h"
#include "core/training/schedule.h"

namespace reverie::training {

LatentPool encode_pool(AutoencoderKL& vae, const text::Tokenizer& tokenizer, const DemoRecipe& r,
                       double scaling_factor, const ProgressFn& progress) {
    torch::NoGradGuard no_grad;
    vae->eval();
    LatentPool pool;
    pool.scaling_factor = scaling_factor;
    std::vector<torch::Tensor> means, stds;
    std::vector<std::string> captions;
    PhaseClock clock("encode", 0, progress);
    constexpr int kChunk = 32;
    for (int first = 0; first < r.pool_size; first += kChunk) {
        std::vector<demo::Scene> scenes;
        for (int i = first; i < std::min(r.pool_size, first + kChunk); ++i) {
            scenes.push_back(demo::sample_scene(training_scene_seed(r.seed, i)));
            captions.push_back(demo::caption(scenes.back()));
        }
        const auto m = vae->encode(render_batch(scenes, r.image_size));
        means.push_back(m.mean);
        stds.push_back(torch::exp(0.5 * m.logvar));
        clock.step(0.0);
    }
    pool.mean = torch::cat(means);
    pool.std = torch::cat(stds);
    pool.ids = token_rows(tokenizer, captions);
    pool.empty_ids = token_rows(tokenizer, {""});
    return pool;
}

torch::Tensor loss_weights(const torch::Tensor& alphas_cumprod, const DemoRecipe& r) {
    // min-SNR-γ (Hang et al. 2023) caps the weight of the easy, low-noise timesteps; the floor
    // keeps the noisiest ones from vanishing. The same x0-space weight clamp(snr, floor, γ)
    // becomes /snr for ε targets and /(snr + 1) for v.
    const auto snr = alphas_cumprod / (1 - alphas_cumprod);
    const bool v = r.prediction_type == "v_prediction";
    return torch::clamp(snr, r.min_snr_floor, r.min_snr_gamma) / (v ? snr + 1 : snr);
}

sampling::SchedulerConfig training_scheduler(const DemoRecipe& r) {
    sampling::SchedulerConfig sc;  // SD's noise schedule: every sampler of the app applies
    sc.prediction_type = r.prediction_type;
    sc.rescale_betas_zero_snr = r.zero_terminal_snr;
    return sc;
}

PhaseReport train_denoiser(UNet2DConditionModel& unet, ClipTextModel& text_encoder,
                           const LatentPool& pool, const DemoRecipe& r, Ema& unet_ema,
                           Ema& text_ema, const ProgressFn& progress) {
    unet->train();
    text_encoder->train();
    using Options = torch::optim::AdamWOptions;
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(unet->parameters(),
                        std::make_unique<Options>(Options(r.unet_lr).weight_decay(r.weight_decay)));
    groups.emplace_back(text_encoder->parameters(),
                        std::make_unique<Options>(Options(r.text_lr).weight_decay(r.weight_decay)));
    torch::optim::AdamW opt(std::move(groups), Options(r.unet_lr));
    const double base_lr[2] = {r.unet_lr, r.text_lr};

    // Wherever the pool is (the networks must be there too): the CPU here, a GPU when one is
    // used to search recipes faster.
    const auto on = torch::TensorOptions().device(pool.mean.device());
    const auto alphas_cumprod =
        sampling::TrainSchedule::from_config(training_scheduler(r)).alphas_cumprod.to(on.device());
    const int64_t n = pool.mean.size(0), T = alphas_cumprod.size(0);
    const bool v = r.prediction_type == "v_prediction";

    PhaseClock clock("unet", r.unet_seconds, progress, r.unet_steps);
    while (!clock.done()) {
        for (size_t g = 0; g < 2; ++g)
            static_cast<Options&>(opt.param_groups()[g].options())
                .lr(cosine_lr(base_lr[g], clock.fraction()));
        const auto idx = torch::randint(n, {r.unet_batch}, on.dtype(torch::kLong));
        const auto x0 =
            (pool.mean.index_select(0, idx) +
             pool.std.index_select(0, idx) *
                 torch::randn({r.unet_batch, 4, pool.mean.size(2), pool.mean.size(3)}, on)) *
            pool.scaling_factor;
        auto ids = pool.ids.index_select(0, idx);
        const auto drop = torch::rand({r.unet_batch}, on) < r.caption_dropout;
        ids = torch::where(drop.unsqueeze(1), pool.empty_ids.expand_as(ids), ids);

        const auto t = torch::randint(T, {r.unet_batch}, on.dtype(torch::kLong));
        const auto ab = alphas_cumprod.index_select(0, t).reshape({-1, 1, 1, 1});
        const auto noise = torch::randn_like(x0);
        const auto noisy = ab.sqrt() * x0 + (1 - ab).sqrt() * noise;

        const auto cond = text_encoder->forward(ids, 1);
        const auto pred = unet->forward(noisy, t, cond);
        const auto target = v ? ab.sqrt() * noise - (1 - ab).sqrt() * x0 : noise;
        const auto w = loss_weights(ab, r);
        const auto loss = (w * (pred - target).pow(2)).mean();
        opt.zero_grad();
        loss.backward();
        torch::nn::utils::clip_grad_norm_(unet->parameters(), 1.0);
        torch::nn::utils::clip_grad_norm_(text_encoder->parameters(), 1.0);
        opt.step();
        unet_ema.update(*unet);
        text_ema.update(*text_encoder);
        clock.step(loss.item<double>());
    }
    unet->eval();
    text_encoder->eval();
    return clock.report();
}

}  // namespace reverie::training
