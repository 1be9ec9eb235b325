#pragma once
// Finds Stable Diffusion models in the folders the user keeps them in: single-file checkpoints
// (*.safetensors; pickled .ckpt files are not listed, the engine refuses them) and diffusers
// folders (a model_index.json), a few levels deep so an AUTOMATIC1111 `models/Stable-diffusion` or
// ComfyUI `models/checkpoints` tree with subfolders works as it is.
#include <QList>
#include <QString>
#include <QStringList>

namespace reverie::ui {

struct FoundModel {
    QString path;  // a file, or a diffusers folder
    QString name;  // what the picker shows: the path relative to the scanned folder
    QString family;  // "SD 1.x", "SDXL", "SDXL refiner"…; filled in by the app layer ("" unknown)
};

// Models under every folder, sorted by name within each folder; missing folders are skipped and
// a path found twice is listed once. A1111/ComfyUI roots (the folder holding `models/`) are
// accepted too.
QList<FoundModel> scan_model_folders(const QStringList& folders);

}  // namespace reverie::ui
