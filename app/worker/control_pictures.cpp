#include "app/worker/control_pictures.h"

#include <QFileInfo>

#include "app/worker/qt_image_bridge.h"
#include "core/common/error.h"
#include "core/image/control_preprocess.h"
#include "core/pipeline/control_parameters.h"

namespace reverie::app {

namespace {

image::ControlPreprocess preprocess_of(const QString& name) {
    return image::control_preprocess_from_name(name.toStdString())
        .value_or(image::ControlPreprocess::None);
}

// What the PNG calls the network: the folder's or the file's name, as the CLI does.
std::string unit_name(const QString& path) {
    const QFileInfo f(path);
    return (f.isDir() ? f.fileName() : f.completeBaseName()).toStdString();
}

}  // namespace

QImage preprocess_control_picture(const QImage& picture, const QString& preprocess,
                                  QString* error) {
    const auto p = image::control_preprocess_from_name(preprocess.toStdString());
    if (!p) {
        if (error)
            *error = QStringLiteral(
                         "Unknown preprocessor '%1' (none, canny, scribble, tile or "
                         "inpaint).")
                         .arg(preprocess);
        return {};
    }
    try {
        const QImage out = to_qimage(image::preprocess_control(to_core_rgb(picture), *p));
        return out.size() == picture.size()
                   ? out
                   : out.scaled(picture.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    } catch (const Error& e) {
        if (error) *error = QString::fromStdString(e.what());
        return {};
    }
}

std::vector<pipeline::ControlUnit> control_units(const QList<ui::ControlInput>& inputs) {
    std::vector<pipeline::ControlUnit> units;
    for (const ui::ControlInput& in : inputs) {
        const ui::ControlSettings& c = in.settings;
        pipeline::ControlUnit u;
        u.model = c.model.toStdString();  // "": the engine says the unit has no model
        u.name = c.model.isEmpty() ? std::string() : unit_name(c.model);
        u.scale = c.scale;
        u.start = c.start;
        u.end = c.end;
        pipeline::control_mode_from_name(c.mode.toStdString(), u.mode);
        const image::ControlPreprocess p = preprocess_of(c.preprocess);
        if (in.image.isNull()) {
            u.preprocess = p;
        } else {
            u.image = to_core_rgb(in.image);
            const bool again =
                p == image::ControlPreprocess::Scribble || p == image::ControlPreprocess::Inpaint;
            u.preprocess = again ? p : image::ControlPreprocess::None;
        }
        units.push_back(std::move(u));
    }
    return units;
}

}  // namespace reverie::app
