#pragma once
// The prompt panel's settings and the canvas, as the engine's requests. The mode follows the
// canvas: no image -> text to image, an image -> image to image, an image and a mask -> inpainting
// (an all-black mask is passed on, so the engine can say what is wrong with it).
#include <QImage>
#include <cstdint>
#include <vector>

#include "core/pipeline/generation_request.h"
#include "ui/generation_settings.h"

namespace reverie::app {

ui::GenerationMode request_mode(const QImage& image, const QImage& mask);

// One request with `seed` (>= 0). Image modes keep the canvas size, so the result lines up with
// the canvas and its mask; text to image takes the panel's width and height.
pipeline::GenerationRequest build_request(const ui::GenerationSettings& settings,
                                          const QImage& image, const QImage& mask, int64_t seed);

// The seeds of a batch: batch_count consecutive seeds from the panel's seed, or from
// `random_seed` when the panel says -1 (so the whole batch can be reproduced from its first seed).
std::vector<int64_t> batch_seeds(const ui::GenerationSettings& settings, int64_t random_seed);

// A seed as AUTOMATIC1111 picks one: below 2^32.
int64_t random_seed();

}  // namespace reverie::app
