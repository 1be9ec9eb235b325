#pragma once
// GenerationSettings as JSON, for the history sidecars and the autosave. Reading is lenient: a
// missing or mistyped field keeps its default, so files from older versions still load.
#include <QJsonObject>

#include "ui/generation_settings.h"

namespace reverie::app {

QJsonObject settings_to_json(const ui::GenerationSettings& settings);
ui::GenerationSettings settings_from_json(const QJsonObject& json);

}  // namespace reverie::app
