#pragma once
// What each ControlNet candidate of the model folders is, read from its config.json or its
// safetensors header only (never the weights), so a scan of many files stays quick and runs off
// the GUI thread: its family ("SD 1.x", "SD 2.x", "SDXL"), or not a ControlNet at all.
#include <QList>
#include <QString>

#include "ui/model_scan.h"

namespace reverie::app {

// The family of the ControlNet at `path`; "" when it is not one (a LoRA, a checkpoint, a
// T2I-Adapter…) or cannot be read. SDXL ControlNets have the text_time vector (add_embedding /
// label_emb); the others are told apart by their cross-attention width (1024 = SD 2.x; 768, and
// the small widths of test models, = SD 1.x).
QString controlnet_family(const QString& path);

// The ControlNets among `candidates` (ui::scan_controlnet_folders), with their family.
QList<ui::FoundModel> with_controlnet_families(const QList<ui::FoundModel>& candidates);

// Both: the scan the studio runs on a pool thread when the model folders change.
QList<ui::FoundModel> find_controlnets(const QStringList& modelFolders);

}  // namespace reverie::app
