#include "core/demo/demo_evaluation.h"

#include <chrono>
#include <cmath>
#include <set>

#include "core/demo/shapes_analysis.h"
#include "core/demo/shapes_scene.h"
#include "core/image/image_tensor.h"
#include "core/image/inpaint_crop.h"
#include "core/image/mask_ops.h"
#include "core/pipeline/model_defaults.h"
#include "core/pipeline/pipeline.h"
#include "core/training/demo_recipe.h"

namespace reverie::demo {
namespace {

// "Only masked" inpainting's padding around the mask: the app's default (32 px, as AUTOMATIC1111).
constexpr int kPadding = 32;

// The model's recommended settings (pipeline::apply_model_defaults), then the options' own.
pipeline::GenerationRequest request_template(const pipeline::LoadedModel& model,
                                             const EvalOptions& o) {
    pipeline::GenerationRequest r;
    pipeline::apply_model_defaults(model.description().recommended, r);
    // The size stays the pipeline's choice: the UNet's training size, or the init image's.
    r.width = r.height = 0;
    if (!o.sampler.empty()) {
        r.sampler = o.sampler;
        r.karras = o.karras;
    }
    if (o.steps > 0) r.steps = o.steps;
    if (o.cfg_scale > 0) r.cfg_scale = o.cfg_scale;
    return r;
}

pipeline::GenerationRequest base_request(const pipeline::GenerationRequest& tmpl,
                                         const std::string& prompt, uint64_t seed) {
    pipeline::GenerationRequest r = tmpl;
    r.prompt = prompt;
    r.seed = int64_t(seed);
    return r;
}

// Mean |a − b| over the pixels where `mask` is 0.
double mean_difference_outside(const image::Image& a, const image::Image& b,
                               const image::Mask& mask) {
    double sum = 0;
    int64_t n = 0;
    for (int y = 0; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x) {
            if (mask.at(x, y)) continue;
            for (int c = 0; c < 3; ++c) sum += std::abs(int(a.at(x, y, c)) - int(b.at(x, y, c)));
            n += 3;
        }
    return n ? sum / double(n) : 0.0;
}

// What the crop `box` of a `size`-pixel picture shows once scaled to the model's size: the first
// shape alone, on the scene's background, at the position and size it has in the crop (in its
// centre and large unless the box had to stop at the picture's edge).
Scene crop_scene(const Scene& scene, const image::Box& box, int size) {
    Scene crop = scene;
    crop.shapes = {scene.shapes.front()};
    auto& s = crop.shapes.front();
    const auto c = position_centre(s.position);
    const double u = ((c[0] + s.dx) * size - box.x1) / box.width();
    const double v = ((c[1] + s.dy) * size - box.y1) / box.height();
    double best = 1e9;
    for (int p = 0; p < kPositionCount; ++p) {
        const auto pc = position_centre(Position(p));
        const double d = std::hypot(pc[0] - u, pc[1] - v);
        if (d < best) best = d, s.position = Position(p);
    }
    const double radius = shape_radius(s.large) * size / std::max(box.width(), box.height());
    s.large = radius > 0.5 * (shape_radius(false) + shape_radius(true));
    return crop;
}

struct Scores {
    double background = 0, colour = 0, position = 0;
};

// check_scene() over the VAE's reconstruction (posterior mean) of each scene's true picture.
Scores reconstruction_scores(pipeline::LoadedModel& model, const std::vector<Scene>& scenes,
                             int count) {
    torch::NoGradGuard no_grad;
    model.use(io::Component::Vae);
    Scores s;
    int shapes = 0;
    for (int i = 0; i < count; ++i) {
        const auto x =
            image::image_to_tensor(render(scenes[size_t(i)])).to(model.device(), model.vae_dtype());
        const auto decoded = model.vae->decode(model.vae->encode(x).mean);
        const auto check = check_scene(image::tensor_to_image(decoded), scenes[size_t(i)]);
        s.background += check.background_correct;
        for (const auto& c : check.shapes)
            s.colour += c.colour_present, s.position += c.at_position;
        shapes += int(check.shapes.size());
    }
    if (count) s.background /= count;
    if (shapes) s.colour /= shapes, s.position /= shapes;
    return s;
}

}  // namespace

namespace {

// Held-out scenes whose captions the model never trained on, after skipping o.first of them.
std::vector<Scene> heldout_scenes(const pipeline::LoadedModel& model, const EvalOptions& o) {
    const auto& trained = model.description().training;
    const uint64_t training_seed = trained ? trained->seed : o.training_seed;
    const int training_pool = trained ? trained->pool_size : o.training_pool;
    std::set<std::string> seen;
    for (int i = 0; i < training_pool; ++i)
        seen.insert(caption(sample_scene(training::training_scene_seed(training_seed, i))));
    std::vector<Scene> scenes;
    const int wanted = std::max({o.count, o.inpaint_count, o.img2img_count});
    for (int64_t i = 0, unseen = 0; int(scenes.size()) < wanted; ++i) {
        Scene s = sample_scene(training::heldout_scene_seed(i));
        s.british = false;
        if (!seen.count(caption(s)) && unseen++ >= o.first) scenes.push_back(s);
    }
    return scenes;
}

// txt2img from each scene's caption: background, shape colours and positions, by shape count,
// beside the same checks on the VAE's reconstructions (the ceiling).
void grade_txt2img(pipeline::LoadedModel& model, const pipeline::GenerationRequest& tmpl,
                   const std::vector<Scene>& scenes, const EvalOptions& o,
                   const EvalProgress& progress, EvalReport& rep) {
    for (int i = 0; i < o.count; ++i) {
        const auto result = pipeline::generate(
            model, base_request(tmpl, caption(scenes[size_t(i)]), o.seed + uint64_t(i)));
        const auto check = check_scene(result.image, scenes[size_t(i)]);
        ++rep.images;
        rep.background += check.background_correct;
        auto& group = rep.by_count[std::min<size_t>(2, check.shapes.size() - 1)];
        ++group.images;
        for (const auto& s : check.shapes) {
            ++rep.shapes;
            rep.colour += s.colour_present;
            rep.position += s.at_position;
            rep.shape_kind += s.kind_correct;
            ++group.shapes;
            group.colour += s.colour_present;
            group.position += s.at_position;
        }
        if (progress) progress("txt2img", i + 1, o.count);
    }
    if (rep.images) rep.background /= rep.images;
    const Scores ceiling = reconstruction_scores(model, scenes, o.count);
    rep.ceiling_background = ceiling.background;
    rep.ceiling_colour = ceiling.colour;
    rep.ceiling_position = ceiling.position;
    for (auto& g : rep.by_count)
        if (g.shapes) g.colour /= g.shapes, g.position /= g.shapes;
    if (rep.shapes) {
        rep.colour /= rep.shapes;
        rep.position /= rep.shapes;
        rep.shape_kind /= rep.shapes;
    }
}

struct InpaintOutcome {
    bool repainted = false;  // the first shape now has the asked colour at its place
    double outside = 0;      // mean change outside the (grown) mask
};

// Case i: repaint the first shape of `scene` in a colour that is neither its own nor the
// background's, on the whole picture or only the masked part (`only_masked`).
InpaintOutcome inpaint_case(pipeline::LoadedModel& model, const pipeline::GenerationRequest& tmpl,
                            const Scene& scene, int i, bool only_masked, const EvalOptions& o) {
    const auto original = render(scene);
    Scene asked = scene;
    auto& target = asked.shapes.front();
    int colour = (target.colour + 1 + i % (kColourCount - 1)) % kColourCount;
    while (colour == target.colour || colour == scene.background)
        colour = (colour + 1) % kColourCount;
    target.colour = colour;
    const auto mask = image::grow(shape_mask(scene.shapes.front()), 3);
    // "Only masked" generates the mask's padded neighbourhood scaled up to the model's size:
    // prompted, as users of that mode do, for what that crop shows rather than for the whole
    // picture (the pipeline boxes the blurred mask, a pixel or two wider).
    const int image_size = original.width;
    const std::string prompt =
        only_masked && o.crop_prompts
            ? caption(crop_scene(asked, image::crop_box(mask, kPadding, image_size, image_size),
                                 image_size))
            : caption(asked);
    auto req = base_request(tmpl, prompt, o.seed + 5000 + uint64_t(i));
    req.init_image = original;
    req.mask = mask;
    req.strength = 1.0;
    req.mask_options.blur = 2;
    req.mask_options.inpaint_full_res = only_masked;
    req.mask_options.padding = kPadding;
    req.mask_options.latent_mask = o.latent_mask;
    const auto result = pipeline::generate(model, req);
    const auto check = check_scene(result.image, asked);
    // Blur feathers the mask by a couple of pixels; judge beyond that.
    return {bool(check.shapes.front().at_position),
            mean_difference_outside(result.image, original, image::grow(mask, 4))};
}

void grade_inpainting(pipeline::LoadedModel& model, const pipeline::GenerationRequest& tmpl,
                      const std::vector<Scene>& scenes, const EvalOptions& o,
                      const EvalProgress& progress, EvalReport& rep) {
    for (int method = 0; method < 2; ++method) {
        double success = 0, outside = 0;
        for (int i = 0; i < o.inpaint_count; ++i) {
            const auto r = inpaint_case(model, tmpl, scenes[size_t(i)], i, method == 1, o);
            success += r.repainted;
            outside += r.outside;
            if (progress)
                progress(method ? "inpaint (only masked)" : "inpaint (whole picture)", i + 1,
                         o.inpaint_count);
        }
        const int n = std::max(1, o.inpaint_count);
        (method ? rep.inpaint_masked_only : rep.inpaint_whole) = success / n;
        (method ? rep.inpaint_masked_only_outside : rep.inpaint_whole_outside) = outside / n;
    }
    rep.inpaint_cases = o.inpaint_count;
}

// img2img at strength 0.3 from each scene's true picture: shapes kept in place, mean change.
void grade_img2img(pipeline::LoadedModel& model, const pipeline::GenerationRequest& tmpl,
                   const std::vector<Scene>& scenes, const EvalOptions& o,
                   const EvalProgress& progress, EvalReport& rep) {
    int kept = 0, shapes = 0;
    double diff = 0;
    for (int i = 0; i < o.img2img_count; ++i) {
        const Scene& scene = scenes[size_t(i)];
        auto req = base_request(tmpl, caption(scene), o.seed + 9000 + uint64_t(i));
        req.init_image = render(scene);
        req.strength = 0.3;
        const auto result = pipeline::generate(model, req);
        const auto check = check_scene(result.image, scene);
        for (const auto& s : check.shapes) kept += s.at_position, ++shapes;
        diff += mean_difference_outside(result.image, *req.init_image,
                                        image::Mask(result.image.width, result.image.height, 1, 0));
        if (progress) progress("img2img", i + 1, o.img2img_count);
    }
    rep.img2img_cases = o.img2img_count;
    rep.img2img_position = shapes ? double(kept) / shapes : 0;
    rep.img2img_difference = o.img2img_count ? diff / o.img2img_count : 0;
}

}  // namespace

EvalReport evaluate_demo_model(pipeline::LoadedModel& model, const EvalOptions& o,
                               const EvalProgress& progress) {
    const auto start = std::chrono::steady_clock::now();
    const pipeline::GenerationRequest tmpl = request_template(model, o);
    const std::vector<Scene> scenes = heldout_scenes(model, o);
    EvalReport rep;
    grade_txt2img(model, tmpl, scenes, o, progress, rep);
    grade_inpainting(model, tmpl, scenes, o, progress, rep);
    grade_img2img(model, tmpl, scenes, o, progress, rep);
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return rep;
}

}  // namespace reverie::demo
