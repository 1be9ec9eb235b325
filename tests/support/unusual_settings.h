#pragma once
// Studio settings with every field away from its default (and text that needs escaping), for
// round-trip tests of the prompt panel, the JSON sidecar and the autosave. Header-only: the widget
// tests link no test support library.
#include <QString>

#include "ui/generation_settings.h"

namespace reverie::test {

inline ui::GenerationSettings unusual_settings() {
    ui::GenerationSettings s;
    s.prompt = QStringLiteral("a (red:1.2) fox\nin snow, 雪");
    s.negative_prompt = QStringLiteral("blurry, lowres");
    s.model_path = QStringLiteral("/models/tiny-sd1.safetensors");
    s.sampler = QStringLiteral("dpmpp_2m_sde");
    s.karras = true;
    s.steps = 37;
    s.cfg_scale = 4.5;
    s.seed = 9007199254740993LL;  // 2^53 + 1: a JSON number would lose it
    s.width = 768;
    s.height = 136;
    s.denoising_strength = 0.35;
    s.mask_blur = 9;
    s.inpaint_only_masked = true;
    s.inpaint_padding = 48;
    s.clip_skip = 2;
    s.batch_count = 5;
    s.prompt_2 = QStringLiteral("35mm film grain");
    s.refiner_switch = 0.65;
    s.mask_grow = -6;
    s.mask_invert = true;
    s.masked_content = QStringLiteral("latent noise");
    s.soft_inpaint = true;
    return s;
}

}  // namespace reverie::test
