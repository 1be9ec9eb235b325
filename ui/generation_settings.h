#pragma once
// Everything the prompt panel edits, as plain values, and the ControlNet units of the canvas's
// control layers (the window adds those when it submits a job). The app layer turns this into an
// engine request; the widgets never see engine types.
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <cstdint>

#include "ui/control_settings.h"

namespace reverie::ui {

struct GenerationSettings {
    QString prompt;
    QString negative_prompt;
    QString model_path;
    QString sampler = QStringLiteral("euler_a");  // one of sampler_names()
    bool karras = false;
    int steps = 20;
    double cfg_scale = 7.0;
    qint64 seed = -1;  // -1 = pick a random seed at generation time
    int width = 512;   // multiples of 8
    int height = 512;
    // 1.0 makes a new picture even over a painted canvas; below it refines what is there.
    double denoising_strength = 1.0;
    int mask_blur = 4;
    bool inpaint_only_masked = false;
    int inpaint_padding = 32;
    int mask_grow = 0;  // pixels; negative shrinks
    bool mask_invert = false;
    QString masked_content = QStringLiteral("original");  // one of masked_content_names()
    bool soft_inpaint = false;                            // grey mask levels as per-pixel strengths
    int clip_skip = 1;
    int batch_count = 1;
    // SDXL (the prompt panel's SDXL section): what the second text encoder reads ("" = the
    // prompt), and A1111's refiner with its switch point ("" = none).
    QString prompt_2;
    QString refiner_path;
    double refiner_switch = 0.8;
    // The enabled ControlNet units, bottom control layer first; not part of the saved settings.
    QList<ControlInput> control;

    bool operator==(const GenerationSettings& o) const;
    bool operator!=(const GenerationSettings& o) const { return !(*this == o); }
};

// What a generation does with the canvas: a new picture (no canvas, or full strength without a
// mask), a refinement of the whole canvas, or of its masked part.
enum class GenerationMode { TextToImage, ImageToImage, Inpaint };

// The sampler identifiers the engine understands, in the order the combo box lists them (the
// sampler registry's, core/sampling/sampler_registry.h).
const QStringList& sampler_names();

}  // namespace reverie::ui

Q_DECLARE_METATYPE(reverie::ui::GenerationSettings)
