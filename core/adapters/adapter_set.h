#pragma once
// The adapters a request asks for, and what a loaded model has merged: the model's weights are
// its checkpoint's plus exactly `applied`, and `patcher` can take them back to the checkpoint's.
#include <string>
#include <vector>

#include "core/adapters/weight_patcher.h"

namespace reverie::adapters {

// One LoRA/LyCORIS file with A1111's multipliers (<lora:NAME:TE:UNET>).
struct LoraRef {
    std::string path;
    double text_encoder = 1.0;
    double unet = 1.0;
    bool operator==(const LoraRef& o) const {
        return path == o.path && text_encoder == o.text_encoder && unet == o.unet;
    }
};

struct AdapterSet {
    std::vector<LoraRef> applied;     // in merge order
    std::vector<std::string> hashes;  // A1111's short hash of each applied file
    WeightPatcher patcher;
};

// A1111's "Lora hashes" entry: the first 12 hex digits of the SHA-256 of a safetensors file's
// tensor data (everything after the header; kohya's "addnet" hash, unchanged by metadata edits).
std::string lora_short_hash(const std::string& path);

// `FILE[:SCALE]` (--lora) or `FILE:TE:UNET`; the scale defaults to 1, UNET to TE. A Windows drive
// letter or a path with colons stays the path when what follows is not a number.
LoraRef parse_lora_argument(const std::string& arg);

}  // namespace reverie::adapters
