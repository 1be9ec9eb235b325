#include "app/worker/model_defaults.h"

#include "core/common/error.h"
#include "core/io/builtin_model.h"
#include "core/io/checkpoint.h"

namespace reverie::app {

std::optional<ui::GenerationSettings> with_model_defaults(const QString& path,
                                                          const ui::GenerationSettings& settings,
                                                          QString* error) {
    try {
        const std::string where = path.isEmpty() ? io::builtin_model_path() : path.toStdString();
        const io::RecommendedSettings r = io::Checkpoint::open(where)->description().recommended;
        if (!r.from_model) return std::nullopt;
        ui::GenerationSettings s = settings;
        const QString sampler = QString::fromStdString(r.sampler);
        if (ui::sampler_names().contains(sampler)) {
            s.sampler = sampler;
            s.karras = r.karras;
        }
        s.steps = r.steps;
        s.cfg_scale = r.cfg_scale;
        if (r.width > 0) s.width = r.width;
        if (r.height > 0) s.height = r.height;
        return s;
    } catch (const Error& e) {
        if (error) *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
}

}  // namespace reverie::app
