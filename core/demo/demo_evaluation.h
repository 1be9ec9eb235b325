#pragma once
// `reverie-cli eval-demo`: does the built-in model draw what it is asked? Generates pictures for
// held-out captions with fixed seeds and grades them with the scene analysis; repaints one shape
// of true pictures in another colour (inpainting, whole picture and only-masked); and checks that
// img2img at low strength keeps the layout.
#include <array>
#include <functional>
#include <string>

#include "core/image/latent_mask_mode.h"
#include "core/pipeline/loaded_model.h"

namespace reverie::demo {

struct EvalOptions {
    int count = 200;          // txt2img captions
    int inpaint_count = 100;  // per inpainting method
    int img2img_count = 50;
    std::string sampler;   // empty: the model's recommended one
    int steps = 0;         // 0: the model's recommended count
    double cfg_scale = 0;  // 0: the model's recommended scale
    bool karras = true;
    image::LatentMaskMode latent_mask = image::LatentMaskMode::Cover;  // inpainting
    // "Only masked" inpainting prompts for the crop it generates: the repainted shape where and
    // as large as it is in that crop ("a large red circle on the left, on a ... background");
    // false: the whole picture's caption, as the other method.
    bool crop_prompts = true;
    uint64_t seed = 1000;  // generation seeds are seed + i
    // Held-out scenes skipped before the graded ones: the model card reports scenes 0..199;
    // settings (guidance, steps) are chosen on a later slice, so the figures reported are not
    // the ones they were tuned on.
    int first = 0;
    // Captions that occur in the training pool are skipped, so every caption graded is new. The
    // pool a model records in its model_index.json ("reverie.training") takes precedence.
    uint64_t training_seed = 1;
    int training_pool = 12000;  // DemoRecipe::standard().pool_size
};

struct EvalReport {
    int images = 0, shapes = 0;
    double background = 0, colour = 0, position = 0, shape_kind = 0;  // accuracies in [0, 1]
    // The same by the number of shapes in the caption (index 0: one shape): separates drawing a
    // shape where it is asked from binding each colour to its own shape.
    struct ByCount {
        int images = 0, shapes = 0;
        double colour = 0, position = 0;
    };
    std::array<ByCount, 3> by_count{};
    // The same analysis on the model's own autoencoder reconstructions of the true pictures of
    // those captions: the most that pictures decoded by this VAE can score.
    double ceiling_background = 0, ceiling_colour = 0, ceiling_position = 0;
    // Inpainting: the masked shape now has the asked colour; mean |Δ| of pixels outside the mask
    // (0..255).
    double inpaint_whole = 0, inpaint_whole_outside = 0;
    double inpaint_masked_only = 0, inpaint_masked_only_outside = 0;
    int inpaint_cases = 0;
    // img2img at strength 0.3: shapes still at their caption's place; mean |Δ| to the input.
    double img2img_position = 0, img2img_difference = 0;
    int img2img_cases = 0;
    double seconds = 0;
};

using EvalProgress = std::function<void(const std::string& stage, int done, int total)>;

EvalReport evaluate_demo_model(pipeline::LoadedModel& model, const EvalOptions& options,
                               const EvalProgress& progress = {});

}  // namespace reverie::demo
