// reverie-cli eval-demo: grades the built-in model (or a retrained one) on held-out captions —
// background, shape colour, position and shape accuracy for txt2img, repainting a shape for both
// inpainting methods, layout kept by img2img at strength 0.3. A table on stdout; --json adds one
// object on the last line.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/progress_line.h"
#include "core/common/error.h"
#include "core/demo/demo_evaluation.h"
#include "core/io/builtin_model.h"

namespace reverie::cli {

int cmd_eval_demo(const CommandArgs& argv) {
    Args args(argv,
              {"model", "count", "inpaint-count", "img2img-count", "sampler", "steps", "cfg",
               "seed", "latent-mask", "first", "device"},
              {"json", "no-karras", "whole-captions"});
    demo::EvalOptions o;
    o.count = int(args.get_int("count", o.count));
    o.inpaint_count = int(args.get_int("inpaint-count", o.inpaint_count));
    o.img2img_count = int(args.get_int("img2img-count", o.img2img_count));
    o.sampler = args.get_or("sampler", "");
    o.karras = !args.flag("no-karras");
    o.steps = int(args.get_int("steps", 0));
    o.cfg_scale = args.get_double("cfg", 0);
    o.seed = uint64_t(args.get_int("seed", int64_t(o.seed)));
    o.first = int(args.get_int("first", 0));
    if (o.first < 0) throw Error("--first must be 0 or more (held-out scenes to skip)");
    if (auto m = args.get("latent-mask")) o.latent_mask = parse_latent_mask(*m);
    o.crop_prompts = !args.flag("whole-captions");
    const std::string path = args.get_or("model", io::builtin_model_path());

    auto model = pipeline::LoadedModel::load(path, parse_device(args.get_or("device", "cpu")),
                                             torch::kFloat32);
    ProgressLine progress(std::chrono::seconds(5));  // in a log: a line every 5 s
    const auto rep = demo::evaluate_demo_model(
        *model, o, [&progress](const std::string& stage, int done, int total) {
            char line[96];
            std::snprintf(line, sizeof line, "%-24s %4d/%d   ", stage.c_str(), done, total);
            progress.update(line, done == total);
        });
    auto pct = [](double v) { return 100.0 * v; };
    std::printf("model: %s\n", path.c_str());
    std::printf("txt2img, %d held-out captions (%d shapes):\n", rep.images, rep.shapes);
    std::printf("  background colour accuracy  %5.1f%%  (target >= 95%%)\n", pct(rep.background));
    std::printf("  shape colour accuracy       %5.1f%%  (target >= 90%%)\n", pct(rep.colour));
    std::printf("  position accuracy           %5.1f%%  (target >= 80%%)\n", pct(rep.position));
    std::printf("  shape kind at its position  %5.1f%%\n", pct(rep.shape_kind));
    std::printf(
        "  the VAE's reconstructions of the true pictures: background %.1f%%, colour %.1f%%, "
        "position %.1f%%\n",
        pct(rep.ceiling_background), pct(rep.ceiling_colour), pct(rep.ceiling_position));
    for (size_t k = 0; k < rep.by_count.size(); ++k)
        if (rep.by_count[k].images)
            std::printf("    %zu shape%s (%3d captions): colour %5.1f%%, position %5.1f%%\n", k + 1,
                        k ? "s" : " ", rep.by_count[k].images, pct(rep.by_count[k].colour),
                        pct(rep.by_count[k].position));
    std::printf("inpainting, %d cases per method (mask one shape, ask for another colour):\n",
                rep.inpaint_cases);
    std::printf(
        "  whole picture: recoloured %5.1f%% (target >= 85%%), outside mask mean |d| %.2f/255\n",
        pct(rep.inpaint_whole), rep.inpaint_whole_outside);
    std::printf(
        "  only masked:   recoloured %5.1f%% (target >= 85%%), outside mask mean |d| %.2f/255%s\n",
        pct(rep.inpaint_masked_only), rep.inpaint_masked_only_outside,
        o.crop_prompts ? " (prompted for the crop)" : " (whole captions)");
    std::printf(
        "img2img at strength 0.3, %d cases: shapes kept in place %5.1f%%, mean |d| %.2f/255\n",
        rep.img2img_cases, pct(rep.img2img_position), rep.img2img_difference);
    std::printf("took %.0f s\n", rep.seconds);
    if (args.flag("json")) {
        nlohmann::json by_count = nlohmann::json::array();
        for (const auto& g : rep.by_count)
            by_count.push_back({{"images", g.images},
                                {"shapes", g.shapes},
                                {"colour_accuracy", g.colour},
                                {"position_accuracy", g.position}});
        const nlohmann::json j{
            {"images", rep.images},
            {"shapes", rep.shapes},
            {"background_accuracy", rep.background},
            {"colour_accuracy", rep.colour},
            {"position_accuracy", rep.position},
            {"shape_accuracy", rep.shape_kind},
            {"by_shape_count", by_count},
            {"vae_reconstruction",
             {{"background_accuracy", rep.ceiling_background},
              {"colour_accuracy", rep.ceiling_colour},
              {"position_accuracy", rep.ceiling_position}}},
            {"inpaint_cases", rep.inpaint_cases},
            {"inpaint_whole_success", rep.inpaint_whole},
            {"inpaint_whole_outside_mean_abs", rep.inpaint_whole_outside},
            {"inpaint_masked_only_success", rep.inpaint_masked_only},
            {"inpaint_masked_only_outside_mean_abs", rep.inpaint_masked_only_outside},
            {"inpaint_masked_only_prompt", o.crop_prompts ? "crop" : "whole caption"},
            {"img2img_cases", rep.img2img_cases},
            {"img2img_position_kept", rep.img2img_position},
            {"img2img_mean_abs", rep.img2img_difference},
            {"seconds", rep.seconds}};
        std::printf("%s\n", j.dump().c_str());
    }
    return 0;
}

}  // namespace reverie::cli
