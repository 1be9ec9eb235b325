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

// ControlNet candidates in the `ControlNet/` and `controlnet/` folders beside or inside the model
// folders (A1111 keeps models/ControlNet beside models/Stable-diffusion, ComfyUI
// models/controlnet beside models/checkpoints): diffusers folders (a config.json and weights)
// and single .safetensors files, named relative to their ControlNet folder. Whether each really
// is a ControlNet, and of which family, the app layer reads from its header.
QList<FoundModel> scan_controlnet_folders(const QStringList& modelFolders);

}  // namespace reverie::ui
