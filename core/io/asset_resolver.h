#pragma once
// Finds files Reverie needs but cannot ship or that live outside a checkpoint (the CLIP vocabulary
// for single-file checkpoints, TAESD preview weights). One search order for everything:
//   1. $REVERIE_ASSETS_DIR
//   2. the model's own folder (when a model path is given)
//   3. $XDG_DATA_HOME/reverie/assets (default ~/.local/share/reverie/assets), then each
//   $XDG_DATA_DIRS
//      entry + /reverie/assets (where the package installs)
//   4. ../shared/assets beside the source tree (developers and CI)
#include <optional>
#include <string>
#include <vector>

namespace reverie::io {

// Where downloaded assets are stored: $XDG_DATA_HOME/reverie/assets (default
// ~/.local/share/reverie/assets). Empty when neither XDG_DATA_HOME nor HOME is set.
std::string user_assets_dir();

class AssetResolver {
  public:
    // `model_dir` may be empty.
    explicit AssetResolver(std::string model_dir = {});

    // The folders searched, in order (existing or not).
    std::vector<std::string> search_dirs() const;

    // First existing file `relative` (e.g. "clip/vocab.json"), or nullopt.
    std::optional<std::string> find(const std::string& relative) const;

    // Like find(), but throws reverie::Error listing every folder searched and what to do.
    std::string require(const std::string& relative, const std::string& purpose) const;

  private:
    std::string model_dir_;
};

}  // namespace reverie::io
