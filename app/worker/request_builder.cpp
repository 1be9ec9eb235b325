#include "app/worker/request_builder.h"

#include <QRandomGenerator>
#include <algorithm>

#include "app/worker/control_pictures.h"
#include "app/worker/qt_image_bridge.h"
#include "core/image/masked_content.h"

namespace reverie::app {

ui::GenerationMode request_mode(const QImage& image, const QImage& mask) {
    if (image.isNull()) return ui::GenerationMode::TextToImage;
    return mask.isNull() ? ui::GenerationMode::ImageToImage : ui::GenerationMode::Inpaint;
}

pipeline::GenerationRequest build_request(const ui::GenerationSettings& s, const QImage& image,
                                          const QImage& mask, int64_t seed) {
    pipeline::GenerationRequest r;
    r.prompt = s.prompt.toStdString();
    r.negative_prompt = s.negative_prompt.toStdString();
    r.sampler = s.sampler.toStdString();
    r.karras = s.karras;
    r.steps = s.steps;
    r.cfg_scale = s.cfg_scale;
    r.seed = seed;
    r.clip_skip = s.clip_skip;
    r.prompt_2 = s.prompt_2.toStdString();
    r.refiner = s.refiner_path.toStdString();  // the worker loads it and names it for the PNG
    r.refiner_switch = s.refiner_switch;
    r.control = control_units(s.control);
    const ui::GenerationMode mode = request_mode(image, mask);
    if (mode == ui::GenerationMode::TextToImage) {
        r.width = s.width;
        r.height = s.height;
        return r;
    }
    r.init_image = to_core_rgb(image);
    r.strength = s.denoising_strength;
    if (mode == ui::GenerationMode::Inpaint) {
        r.mask = to_core_mask(mask);
        // Transparent pixels (an expanded canvas's new border, an erased hole) hold nothing: they
        // start from their surroundings' colours (A1111's "fill"), not from black.
        const image::Mask holes = transparent_pixels(image);
        if (!holes.empty()) r.init_image = image::fill_masked(*r.init_image, holes);
        r.mask_options.blur = s.mask_blur;
        r.mask_options.inpaint_full_res = s.inpaint_only_masked;
        r.mask_options.padding = s.inpaint_padding;
        r.mask_options.grow = s.mask_grow;
        r.mask_options.invert = s.mask_invert;
        r.mask_options.soft = s.soft_inpaint;
        if (auto c = image::masked_content_from_name(s.masked_content.toStdString()))
            r.mask_options.masked_content = *c;
        // "Only masked" renders the crop at the chosen size, never at the whole picture's.
        if (s.inpaint_only_masked) {
            r.width = s.width;
            r.height = s.height;
        }
    }
    return r;
}

std::vector<int64_t> batch_seeds(const ui::GenerationSettings& s, int64_t random) {
    const int64_t first = s.seed >= 0 ? s.seed : random;
    std::vector<int64_t> seeds;
    for (int i = 0; i < std::max(1, s.batch_count); ++i) seeds.push_back(first + i);
    return seeds;
}

int64_t random_seed() {
    return int64_t(QRandomGenerator::global()->bounded(quint64(1) << 32));
}

}  // namespace reverie::app
