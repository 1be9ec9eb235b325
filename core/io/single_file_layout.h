#pragma once
// Which model a single-file (CompVis/LDM) checkpoint holds, from its tensor table and its sidecar
// LDM yaml alone: no tensor is read. Here untrusted headers meet the loader's assumptions, so it
// is kept free of torch and fuzzed on its own (tests/fuzz/fuzz_layout.cpp).
#include <optional>
#include <string>
#include <vector>

#include "core/io/model_description.h"
#include "core/io/safetensors_header.h"

namespace reverie::io {

constexpr const char* kLdmUNetPrefix = "model.diffusion_model.";
constexpr const char* kLdmVaePrefix = "first_stage_model.";
constexpr const char* kSd1TextPrefix = "cond_stage_model.transformer.";
constexpr const char* kOpenClipPrefix = "cond_stage_model.model.";
// SGM (SDXL) single files: the conditioner's embedders. The base has CLIP ViT-L (transformers'
// names) and OpenCLIP bigG; the refiner only OpenCLIP bigG, as embedder 0.
constexpr const char* kSdxlEmbeddersPrefix = "conditioner.embedders.";
constexpr const char* kSdxlClipLPrefix = "conditioner.embedders.0.transformer.";
constexpr const char* kSdxlOpenClipPrefix = "conditioner.embedders.1.model.";
constexpr const char* kSdxlRefinerOpenClipPrefix = "conditioner.embedders.0.model.";

// The LDM yaml beside a checkpoint (same base name), when there is one.
struct SidecarYaml {
    std::string path;
    std::string text;
};
std::optional<SidecarYaml> read_sidecar_yaml(const std::string& checkpoint_path);

struct SingleFileLayout {
    std::string text_prefix;    // kSd1TextPrefix, kOpenClipPrefix or kSdxlClipLPrefix ("" if none)
    int text_drop_blocks = 0;   // OpenCLIP blocks left out (SD2 uses the penultimate layer)
    std::string text_2_prefix;  // SDXL: the OpenCLIP bigG tower (kept whole, with its projection)
};

// Fills `d`'s family, prediction, UNet input channels, UNet/VAE/scheduler configs, text encoder
// hyper-parameters and config origin. Throws reverie::Error naming `path` and the problem.
SingleFileLayout detect_single_file_layout(const std::string& path,
                                           const std::vector<TensorInfo>& tensors,
                                           const std::optional<SidecarYaml>& yaml,
                                           ModelDescription& d);

}  // namespace reverie::io
