// reverie-cli train-demo: trains the built-in model (reverie-shapes) from its procedural data and
// writes it as a diffusers-style folder. Progress (phase, loss, ETA) goes to stderr, the summary to
// stdout.
#include <cstdio>
#include <string>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/progress_line.h"
#include "core/training/demo_recipe.h"

namespace reverie::cli {
namespace {

std::string clock_text(double seconds) {
    const int s = int(seconds + 0.5);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d:%02d", s / 60, s % 60);
    return buf;
}

std::string progress_text(const training::TrainingProgress& p, double recipe_budget,
                          double done_before) {
    constexpr int kWidth = 24;
    const double frac = p.budget > 0 ? std::min(1.0, p.elapsed / p.budget) : 0.0;
    std::string bar(size_t(frac * kWidth), '#');
    bar.resize(kWidth, '.');
    const double left = std::max(0.0, recipe_budget - done_before - p.elapsed);
    char line[160];
    std::snprintf(line, sizeof line,
                  "%-9s [%s] %3d%%  step %6lld  loss %.4f  elapsed %s  ETA %s   ", p.phase.c_str(),
                  bar.c_str(), int(frac * 100), static_cast<long long>(p.step), p.loss,
                  clock_text(p.elapsed).c_str(), clock_text(left).c_str());
    return line;
}

}  // namespace

int cmd_train_demo(const CommandArgs& argv) {
    Args args(argv,
              {"out", "seed", "vae-seconds", "unet-seconds", "taesd-seconds", "pool-size", "vae-lr",
               "vae-logvar-init", "unet-lr", "vae-steps", "unet-steps", "taesd-steps"},
              {"smoke"});
    auto recipe =
        args.flag("smoke") ? training::DemoRecipe::smoke() : training::DemoRecipe::standard();
    recipe.seed = uint64_t(args.get_int("seed", int64_t(recipe.seed)));
    recipe.vae_seconds = args.get_double("vae-seconds", recipe.vae_seconds);
    recipe.unet_seconds = args.get_double("unet-seconds", recipe.unet_seconds);
    recipe.taesd_seconds = args.get_double("taesd-seconds", recipe.taesd_seconds);
    recipe.pool_size = int(args.get_int("pool-size", recipe.pool_size));
    recipe.vae_lr = args.get_double("vae-lr", recipe.vae_lr);
    recipe.vae_logvar_init = args.get_double("vae-logvar-init", recipe.vae_logvar_init);
    recipe.unet_lr = args.get_double("unet-lr", recipe.unet_lr);
    recipe.vae_steps = args.get_int("vae-steps", 0);
    recipe.unet_steps = args.get_int("unet-steps", 0);
    recipe.taesd_steps = args.get_int("taesd-steps", 0);
    const std::string out = args.get_or("out", "reverie-shapes");

    // The ETA covers the budgeted phases; encoding the pool takes what it takes (about a minute).
    const double budget = recipe.vae_seconds + recipe.unet_seconds + recipe.taesd_seconds;
    double done_before = 0, phase_elapsed = 0;
    std::string phase, text;
    ProgressLine progress(std::chrono::seconds(10));  // in a log: a line every 10 s
    const auto report =
        training::train_demo_model(recipe, out, [&](const training::TrainingProgress& p) {
            if (p.phase != phase) {
                if (!phase.empty()) progress.update(text, /*last=*/true);
                if (phase == "vae" || phase == "unet" || phase == "taesd")
                    done_before += phase_elapsed;
                phase = p.phase;
            }
            phase_elapsed = p.elapsed;
            text = progress_text(p, budget, done_before);
            progress.update(text);
        });
    progress.update(text, /*last=*/true);
    std::printf("wrote %s (%lld parameters, scaling factor %.5f) in %s\n", out.c_str(),
                static_cast<long long>(report.parameters), report.scaling_factor,
                clock_text(report.total_seconds).c_str());
    for (const auto& p : report.phases)
        std::printf("  %-7s %7lld steps  %7.1f s  loss %.5f\n", p.phase.c_str(),
                    static_cast<long long>(p.steps), p.seconds, p.final_loss);
    return 0;
}

}  // namespace reverie::cli
