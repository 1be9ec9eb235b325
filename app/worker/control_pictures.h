#pragma once
// The studio's control layers and the engine's ControlNet units: a layer filled from the canvas
// through an OpenCV preprocessor (core/image/control_preprocess.h), and the units of a job as the
// request's pipeline::ControlUnit list.
#include <QImage>
#include <QList>
#include <QString>
#include <vector>

#include "core/pipeline/control_unit.h"
#include "ui/control_settings.h"

namespace reverie::app {

// `picture` (the flattened canvas) through the preprocessor named `preprocess` (canny, scribble,
// tile, inpaint, none), at the picture's size; a null image and `*error` for an unknown name.
// Tile's shrunk copy is scaled back up, so the layer shows what the ControlNet will see.
QImage preprocess_control_picture(const QImage& picture, const QString& preprocess, QString* error);

// The job's units for the engine. A unit's picture is the control picture as it is (what its
// layer shows over black: painted, filled by a preprocessor or loaded), so only the preprocessors
// that leave such a picture unchanged run again: scribble binarises the strokes, inpaint marks
// the masked pixels. A unit whose layer is empty leaves the picture to the engine: the canvas
// picture through the unit's preprocessor (A1111 uses the img2img picture the same way).
std::vector<pipeline::ControlUnit> control_units(const QList<ui::ControlInput>& inputs);

}  // namespace reverie::app
