#pragma once
// `reverie-cli bench --lora-rank N`: what merging a LoRA costs (issue 21's budget: one pass over
// the touched weights, ≤ 2 s and ≤ 10% RSS on top of the model).
#include "core/adapters/apply_adapter.h"

namespace reverie::cli {

// Builds a kohya LoRA of rank `rank` (fp16, as files are) over every attention, feed-forward and
// projection linear of the UNet and every q/k/v/out/fc linear of the text encoders (null ones
// skipped) — the layout of an SDXL kohya LoRA — then times merging it (wall and CPU) and taking it
// out again, and the peak RSS above the model's. Prints a table, or with `json` one object.
// `mode` as the pipeline would choose it for the model's device. With `map_weights` (random
// weights of a CPU model) the weights are first written to a temporary file and memory-mapped
// back, as users' checkpoints are loaded, so the originals are file pages the merge gives back.
// Returns the exit code.
int bench_lora_apply(const adapters::NamedModules& modules, int rank, bool json,
                     adapters::WeightPatcher::Mode mode, bool map_weights);

}  // namespace reverie::cli
