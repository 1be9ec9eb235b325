#pragma once
// A model's recommended settings (model_index.json's "reverie.defaults": the built-in model has
// them) applied to the prompt panel's, so choosing a model also chooses the size, sampler and
// step count it was made for. Reads the model's description only, never its weights.
#include <QString>
#include <optional>

#include "ui/generation_settings.h"
#include "ui/model_scan.h"

namespace reverie::app {

// `settings` with the recommendations of the model at `path` (empty: the built-in model), or
// nullopt when it has none. A model that cannot be opened is nullopt with `*error` set.
std::optional<ui::GenerationSettings> with_model_defaults(const QString& path,
                                                          const ui::GenerationSettings& settings,
                                                          QString* error = nullptr);

// The family of each model ("SD 1.x", "SD 2.x", "SDXL", "SDXL refiner", with " inpainting" for
// 9-channel UNets), read from its tensor table; a file that cannot be read says so instead. A
// pickled .ckpt is "" (unknown) and brings no defaults: reading one means reading all of it, which
// the worker does when it loads the model, never the GUI thread.
void add_model_families(QList<ui::FoundModel>& models);
QString model_family(const QString& path);

}  // namespace reverie::app
