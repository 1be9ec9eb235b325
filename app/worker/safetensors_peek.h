#pragma once
// A safetensors file's tensor table and metadata, read from its header alone (never the
// weights, never a memory map a later truncation could fault), for the studio's scans of many
// files off the GUI thread.
#include <QString>
#include <map>
#include <string>
#include <vector>

#include "core/io/safetensors_header.h"

namespace reverie::app {

// Scans read no header larger than this (a LoRA's holds a few thousand tensors).
inline constexpr qint64 kMaxPeekedHeaderBytes = 16 << 20;

// False with `*problem` (naming what is wrong) for a file that cannot be opened or whose header is
// malformed or larger than `maxHeaderBytes`.
bool peek_safetensors(const QString& path, std::vector<io::TensorInfo>& infos,
                      std::map<std::string, std::string>& metadata, QString* problem = nullptr,
                      qint64 maxHeaderBytes = kMaxPeekedHeaderBytes);

}  // namespace reverie::app
