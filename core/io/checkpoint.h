#pragma once
// A model on disk, in either layout users bring:
//   - a diffusers folder (model_index.json; each component's config.json + .safetensors;
//   tokenizer/),
//   - a single-file CompVis/LDM checkpoint (.safetensors) with an optional sidecar LDM yaml beside
//   it
//     (same base name); without one, the family is detected from tensor shapes and the real SD 1.5
//     / 2.1 configs are assumed.
// Pickled single files (.ckpt/.pth) are read by a restricted reader that rebuilds tensors and
// plain containers only (no Python unpickling: that would run whatever code the file names).
// Opening validates and memory-maps; weights are zero-copy views until a model converts them.
#include <map>
#include <memory>
#include <set>
#include <string>

#include "core/io/model_description.h"
#include "core/models/state_dict.h"

namespace reverie::io {

class SafetensorsFile;

class Checkpoint {
  public:
    // Throws reverie::Error naming the path and the problem.
    static std::shared_ptr<Checkpoint> open(const std::string& path);

    const ModelDescription& description() const { return desc_; }

    // The component's weights under Reverie's internal (diffusers) names. For the UNet and VAE of a
    // single file these are still LDM names; models/ translates them with the config in hand
    // (is_ldm_named() says which).
    StateDict weights(Component c) const;
    bool is_ldm_named(Component c) const;

    // Parameter count and stored dtypes of a component, from the file headers (nothing is read).
    int64_t parameter_count(Component c) const;
    std::set<std::string> dtypes(Component c) const;

  private:
    struct Source {
        std::shared_ptr<SafetensorsFile> file;
        std::string prefix;  // keys under this prefix belong to the component
        // Single-file text encoders: OpenCLIP names (blocks left out; SD2 uses the penultimate
        // layer), and whether its text_projection is kept (SDXL's bigG).
        bool open_clip = false;
        int drop_blocks = 0;
        bool projection = false;
    };
    const Source& source(Component c) const;
    void open_diffusers(const std::string& path);
    void open_single_file(const std::string& path);

    ModelDescription desc_;
    std::map<Component, Source> sources_;  // one per component the model has
};

// Throws when `path` is a pickled checkpoint, explaining why it is refused and how to convert it.
void refuse_pickle(const std::string& path);

// Whether `path` is a PyTorch pickle (.ckpt/.pt/.pth/.bin/.pkl, or a torch zip / pickle by its
// first bytes whatever its name).
bool is_pickled(const std::string& path);

// A weights file: a .safetensors memory-mapped, or a pickled PyTorch checkpoint read by the
// restricted reader (torch_pickle.h: tensors and plain containers only; a file that asks for any
// other Python global is refused with its name) with the "state_dict." level taken off the names.
std::shared_ptr<SafetensorsFile> open_weights_file(const std::string& path);

}  // namespace reverie::io
