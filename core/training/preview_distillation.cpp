#include "core/training/preview_distillation.h"

#include "core/training/phase_clock.h"
#include "core/training/schedule.h"

namespace reverie::training {
namespace {

// Diffusion-space latents of random pool scenes and the VAE decoder's pictures of them.
std::pair<torch::Tensor, torch::Tensor> teacher_batch(AutoencoderKL& vae, const LatentPool& pool,
                                                      int64_t batch) {
    torch::NoGradGuard no_grad;
    const auto idx = torch::randint(pool.mean.size(0), {batch}, torch::kLong);
    const auto z =
        pool.mean.index_select(0, idx) +
        pool.std.index_select(0, idx) * torch::randn_like(pool.mean.index_select(0, idx));
    return {z * pool.scaling_factor, vae->decode(z)};
}

}  // namespace

PhaseReport distill_taesd(TaesdDecoder& student, AutoencoderKL& vae, const LatentPool& pool,
                          const DemoRecipe& r, const ProgressFn& progress) {
    vae->eval();
    student->train();
    torch::optim::AdamW opt(student->parameters(), torch::optim::AdamWOptions(r.taesd_lr));
    PhaseClock clock("taesd", r.taesd_seconds, progress, r.taesd_steps);
    while (!clock.done()) {
        for (auto& g : opt.param_groups())
            static_cast<torch::optim::AdamWOptions&>(g.options())
                .lr(cosine_lr(r.taesd_lr, clock.fraction()));
        auto [latent, picture] = teacher_batch(vae, pool, r.taesd_batch);
        const auto target = (picture.clamp(-1, 1) + 1) / 2;
        const auto out = student->forward(latent);
        const auto loss = (out - target).abs().mean() + (out - target).pow(2).mean();
        opt.zero_grad();
        loss.backward();
        opt.step();
        clock.step(loss.item<double>());
    }
    student->eval();
    return clock.report();
}

image::LatentRgbProjection fit_latent_projection(AutoencoderKL& vae, const LatentPool& pool,
                                                 int samples) {
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> xs, ys;
    for (int done = 0; done < samples; done += 32) {
        auto [latent, picture] = teacher_batch(vae, pool, 32);
        const auto f = picture.size(2) / latent.size(2);
        const auto small = torch::avg_pool2d(picture.clamp(-1, 1), {f, f});
        xs.push_back(latent.permute({0, 2, 3, 1}).reshape({-1, latent.size(1)}));
        ys.push_back(small.permute({0, 2, 3, 1}).reshape({-1, 3}));
    }
    auto x = torch::cat(xs).to(torch::kDouble);
    x = torch::cat({x, torch::ones({x.size(0), 1}, x.options())}, 1);
    const auto y = torch::cat(ys).to(torch::kDouble);
    // Normal equations with a whisker of ridge: 5×5, well conditioned.
    const auto xtx = x.t().matmul(x) + 1e-6 * torch::eye(x.size(1), x.options());
    const auto w = torch::linalg_solve(xtx, x.t().matmul(y)).to(torch::kFloat);  // [5, 3]
    image::LatentRgbProjection p{};
    auto a = w.accessor<float, 2>();
    for (int c = 0; c < 4; ++c)
        for (int k = 0; k < 3; ++k) p.factors[size_t(c)][size_t(k)] = a[c][k];
    for (int k = 0; k < 3; ++k) p.bias[size_t(k)] = a[4][k];
    return p;
}

}  // namespace reverie::training
