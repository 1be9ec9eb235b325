#include "app/worker/model_defaults.h"

#include <QObject>

#include "core/common/error.h"
#include "core/io/builtin_model.h"
#include "core/io/checkpoint.h"
#include "core/pipeline/model_defaults.h"

namespace reverie::app {

std::optional<ui::GenerationSettings> with_model_defaults(const QString& path,
                                                          const ui::GenerationSettings& settings,
                                                          QString* error) {
    try {
        const std::string where = path.isEmpty() ? io::builtin_model_path() : path.toStdString();
        // A pickled .ckpt is only known once the worker has read all of it (no header to peek
        // at): never on the GUI thread just to fill in settings.
        if (io::is_pickled(where)) return std::nullopt;
        const io::ModelDescription d = io::Checkpoint::open(where)->description();
        const io::RecommendedSettings& r = d.recommended;
        if (!r.from_model) return std::nullopt;
        pipeline::GenerationRequest request;
        request.width = settings.width;
        request.height = settings.height;
        pipeline::apply_model_defaults(r, request);
        ui::GenerationSettings s = settings;
        const QString sampler = QString::fromStdString(request.sampler);
        if (ui::sampler_names().contains(sampler)) {
            s.sampler = sampler;
            s.karras = request.karras;
        }
        s.steps = request.steps;
        s.cfg_scale = request.cfg_scale;
        s.width = request.width;
        s.height = request.height;
        // SDXL draws poorly far from its training size: the family's defaults include 1024².
        if (io::is_sdxl(d.family) && r.width == 0) s.width = s.height = io::training_size(d);
        return s;
    } catch (const Error& e) {
        if (error) *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
}

QString model_family(const QString& path) {
    try {
        const std::string where = path.isEmpty() ? io::builtin_model_path() : path.toStdString();
        if (io::is_pickled(where)) return QString();  // as above: unknown until loaded
        const io::ModelDescription d = io::Checkpoint::open(where)->description();
        return QString::fromStdString(io::to_string(d.family) +
                                      (d.inpainting ? " inpainting" : ""));
    } catch (const Error&) {
        return QObject::tr("unreadable");
    }
}

void add_model_families(QList<ui::FoundModel>& models) {
    for (ui::FoundModel& m : models) m.family = model_family(m.path);
}

}  // namespace reverie::app
