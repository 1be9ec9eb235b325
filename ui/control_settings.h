#pragma once
// One ControlNet unit as the studio edits it (A1111's "ControlNet Unit N"): which network, how
// strongly, during which part of the steps, and how its picture is made. Each control layer of
// the canvas carries one; the picture is the layer's pixels. Plain values: the app layer turns
// them into the engine's pipeline::ControlUnit.
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace reverie::ui {

struct ControlSettings {
    bool enabled = true;
    QString model;  // a ControlNet folder or .safetensors file; "" = none chosen yet
    double scale = 1.0;
    double start = 0.0, end = 1.0;                    // fractions of the steps
    QString mode = QStringLiteral("balanced");        // one of control_mode_names()
    QString preprocess = QStringLiteral("scribble");  // one of control_preprocess_names()

    bool operator==(const ControlSettings& o) const;
    bool operator!=(const ControlSettings& o) const { return !(*this == o); }
};

// A unit as a job carries it: its settings and the control picture (RGB, white strokes on black
// for a scribble; null: the engine uses the canvas picture, through the preprocessor).
struct ControlInput {
    ControlSettings settings;
    QImage image;

    bool operator==(const ControlInput& o) const {
        return settings == o.settings && image == o.image;
    }
};

// The engine's names (the CLI's --control-mode / --control-preprocess values), in combo order.
const QStringList& control_mode_names();
const QStringList& control_preprocess_names();

// The settings as one line of JSON (an .ora layer's reverie:control attribute) and back; values
// out of range are clamped, unknown names replaced by the defaults; not JSON: nullopt.
QString control_settings_to_text(const ControlSettings& settings);
std::optional<ControlSettings> control_settings_from_text(const QString& text);

// A control layer's pixels as a ControlNet reads them: composited over black, so a transparent
// layer with white strokes becomes white strokes on black. Null when the layer shows nothing.
QImage control_picture(const QImage& layerPixels);

}  // namespace reverie::ui
