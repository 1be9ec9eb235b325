#pragma once
// The LoRAs and embeddings the studio offers for a model, and the folders a generation looks
// them up in: one answer for both, so every name the browser shows also resolves when the
// prompt is generated. The scan reads safetensors headers only (kind, family, rank, trigger
// words) and small preview pictures, and runs on a pool thread; a file it cannot read is listed
// with the reason, never a crash.
#include <QString>
#include <QStringList>

#include "core/pipeline/generation_request.h"
#include "ui/adapter_catalog.h"

namespace reverie::app {

struct AdapterFolders {
    QStringList loras;   // existing Lora/, LyCORIS/, loras/ folders, in lookup order
    QString embeddings;  // the existing embeddings/ folder nearest the model; "" none
};

// The folders for the model at `modelPath` ("" the built-in one) and the model folders of the
// settings: beside the model (its folder and the one above, as the engine looks by itself), then
// beside or inside each model folder and its A1111/ComfyUI `models/` (A1111 keeps
// models/Stable-diffusion beside models/Lora, ComfyUI models/checkpoints beside models/loras,
// A1111 its embeddings/ in the installation's root).
AdapterFolders adapter_folders(const QStringList& modelFolders, const QString& modelPath);

// The request looks LoRA tags up in `folders` and takes its embeddings from there.
void use_adapter_folders(const AdapterFolders& folders, pipeline::GenerationRequest& request);

// One file, from its header: a LoRA (`role` Lora) or an embedding.
ui::FoundAdapter read_found_adapter(const QString& path, ui::FoundAdapter::Role role);

// Everything in `folders`: LoRAs (.safetensors, as the engine finds them) by name, first folder
// first, then embeddings (.safetensors, .pt, .bin).
ui::AdapterCatalog scan_adapters(const AdapterFolders& folders);

}  // namespace reverie::app
