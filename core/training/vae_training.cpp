#include "core/training/vae_training.h"

#include "core/training/phase_clock.h"
#include "core/training/scene_batches.h"
#include "core/training/schedule.h"

namespace reverie::training {
namespace {

// The VAE sees scenes from a part of the training stream the UNet's pool never reaches.
constexpr int64_t kVaeStreamOffset = int64_t(1) << 32;

std::vector<demo::Scene> scenes(const DemoRecipe& r, int64_t first, int count) {
    std::vector<demo::Scene> out;
    for (int i = 0; i < count; ++i)
        out.push_back(
            demo::sample_scene(training_scene_seed(r.seed, kVaeStreamOffset + first + i)));
    return out;
}

}  // namespace

PhaseReport train_vae(AutoencoderKL& vae, const DemoRecipe& r, const ProgressFn& progress) {
    vae->train();
    {
        torch::NoGradGuard no_grad;
        const int64_t l = r.vae.latent_channels;
        for (auto& p : vae->named_parameters())
            if (p.key() == "quant_conv.bias") p.value().slice(0, l, 2 * l).fill_(r.vae_logvar_init);
    }
    torch::optim::AdamW opt(
        vae->parameters(),
        torch::optim::AdamWOptions(r.vae_lr).betas({0.9, 0.99}).weight_decay(r.weight_decay));
    PhaseClock clock("vae", r.vae_seconds, progress, r.vae_steps);
    for (int64_t step = 0; !clock.done(); ++step) {
        for (auto& g : opt.param_groups())
            static_cast<torch::optim::AdamWOptions&>(g.options())
                .lr(cosine_lr(r.vae_lr, clock.fraction()));
        auto x = render_batch(scenes(r, step * r.vae_batch, r.vae_batch), r.image_size);
        if (r.vae_crop > 0 && r.vae_crop < r.image_size) {
            // Offsets on the latent grid, so a crop's latent is a crop of the image's latent.
            const int64_t f = r.vae.downscale(), cells = (r.image_size - r.vae_crop) / f + 1;
            const int64_t y = torch::randint(cells, {1}).item<int64_t>() * f;
            const int64_t xo = torch::randint(cells, {1}).item<int64_t>() * f;
            x = x.slice(2, y, y + r.vae_crop).slice(3, xo, xo + r.vae_crop).contiguous();
        }
        const auto m = vae->encode(x);
        const auto z = m.mean + torch::exp(0.5 * m.logvar) * torch::randn_like(m.mean);
        const auto rec = vae->decode(z);
        const double n = double(x.size(0));
        const auto rec_loss = (rec - x).abs().sum() / n;
        const auto kl = 0.5 * (m.mean.pow(2) + m.logvar.exp() - 1.0 - m.logvar).sum() / n;
        const auto loss = rec_loss + r.kl_weight * kl;
        opt.zero_grad();
        loss.backward();
        torch::nn::utils::clip_grad_norm_(vae->parameters(), 1.0 * double(x[0].numel()));
        opt.step();
        // Reported per pixel value so the number reads as a mean absolute error in [-1, 1] units.
        clock.step(rec_loss.item<double>() / double(x[0].numel()));
    }
    vae->eval();
    return clock.report();
}

double measure_scaling_factor(AutoencoderKL& vae, const DemoRecipe& r, int images) {
    torch::NoGradGuard no_grad;
    vae->eval();
    std::vector<torch::Tensor> zs;
    for (int first = 0; first < images; first += 16) {
        const auto x = render_batch(scenes(r, -int64_t(images) + first, 16), r.image_size);
        const auto m = vae->encode(x);
        zs.push_back(m.mean + torch::exp(0.5 * m.logvar) * torch::randn_like(m.mean));
    }
    return 1.0 / torch::cat(zs).std().item<double>();
}

}  // namespace reverie::training
