#pragma once
// `reverie-cli info FILE` for LoRA / LyCORIS files and textual-inversion embeddings.
#include <string>

namespace reverie::cli {

// Prints what `path` is when it is an adapter or an embedding (kind, family, rank, targets,
// trigger words) and returns true; returns false, printing nothing, for anything else.
bool print_adapter_info(const std::string& path);

}  // namespace reverie::cli
