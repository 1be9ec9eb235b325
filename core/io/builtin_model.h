#pragma once
// Where the built-in model (reverie-shapes, trained by `reverie-cli train-demo`, shipped with the
// program) lives. It is the default whenever no model is configured. Search order:
//   1. $REVERIE_BUILTIN_MODEL (a diffusers-style folder)
//   2. <prefix>/share/reverie/models/reverie-shapes beside the running executable (installed)
//   3. each $XDG_DATA_DIRS entry + /reverie/models/reverie-shapes
//   4. resources/models/reverie-shapes in the source tree (developers, CI)
#include <string>
#include <vector>

namespace reverie::io {

inline constexpr const char* kBuiltinModelName = "reverie-shapes";

// The folders searched, in order (existing or not).
std::vector<std::string> builtin_model_candidates();

// The first candidate holding a model_index.json; throws reverie::Error listing every folder.
std::string builtin_model_path();

}  // namespace reverie::io
