#pragma once
// How inpainting brings a pixel mask to latent resolution; without torch, so requests can name it.
#include <optional>
#include <string>

namespace reverie::image {

// How a pixel mask becomes a latent-resolution mask (after binarizing at 0.5).
enum class LatentMaskMode {
    // PyTorch's default interpolate(): the top-left pixel of each 8×8 cell decides. What the
    // 9-channel inpainting UNet was trained on, and diffusers' blend for ordinary UNets.
    Nearest,
    // Every cell the mask touches. Blending an ordinary UNet's latents, Nearest leaves the masked
    // pixels on a cell's left and top edges to the kept latent, so a repainted shape keeps a rim of
    // its old colour; Cover regenerates every masked pixel and the pixel composite keeps the rest.
    Cover,
};

// "nearest" / "cover" (the command line's names); nullopt for anything else.
inline std::optional<LatentMaskMode> latent_mask_mode_from_name(const std::string& name) {
    if (name == "nearest") return LatentMaskMode::Nearest;
    if (name == "cover") return LatentMaskMode::Cover;
    return std::nullopt;
}

}  // namespace reverie::image
