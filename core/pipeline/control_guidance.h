#pragma once
// ControlNet units at work in the denoising loop: each step, every active unit reads the UNet's
// own input (latent batch, timestep, text conditioning) plus its control picture, and their
// residuals — scaled, summed over units — join the UNet's Conditioning.
#include <torch/torch.h>

#include <vector>

#include "core/image/image.h"
#include "core/models/conditioning.h"
#include "core/models/controlnet.h"
#include "core/pipeline/control_unit.h"

namespace reverie::pipeline {

// Throws reverie::Error naming unit `index` when it has no model, a scale that is not a finite
// number or a window outside 0 <= start <= end <= 1.
void validate_control_unit(const ControlUnit& unit, int index);

// diffusers' guidance window: step `step` (0-based) of the `steps` the loop iterates counts
// fully unless step/steps < start or (step+1)/steps > end.
double control_keep(int step, int steps, double start, double end);

// The factor of each of a unit's `outputs` residuals (down ones, then mid) for its mode.
std::vector<double> control_output_scales(ControlMode mode, double scale, int64_t outputs);

// The picture a unit gives its ControlNet: preprocessed and fitted to width × height by the unit's
// resize mode (the inpaint preprocessor's -1 pixels exist only on the tensor, see control_hint).
// `init`: the picture used when the unit has none (img2img / inpainting).
image::Image control_picture(const ControlUnit& unit, const image::Image* init, int width,
                             int height);

// The control picture as a ControlNet reads it: preprocessed, fitted to width × height by the
// unit's resize mode, float32 [1, 3, H, W] in [0, 1] (diffusers' control_image_processor: no
// [-1, 1] normalisation). The inpaint preprocessor sets the pixels under `mask` to -1.
// `init`: the picture used when the unit has none (img2img / inpainting).
torch::Tensor control_hint(const ControlUnit& unit, const image::Image* init,
                           const image::Mask* mask, int width, int height);

class ControlGuidance {
  public:
    struct Unit {
        ControlNetModel net{nullptr};
        torch::Tensor hint;  // [1, 3, H, W] float32, from control_hint
        ControlUnit settings;
    };
    ControlGuidance() = default;
    // `guided`: the UNet batch is [uncond, cond]; the hints are repeated to match.
    ControlGuidance(std::vector<Unit> units, bool guided, torch::Device device,
                    torch::ScalarType dtype);

    bool empty() const { return units_.empty(); }
    // Sets cond's residuals for step `step` of `steps` from `batch` (the UNet's latent input,
    // without inpainting channels) and timestep `t`: summed over the units that act, zeros when
    // none does (as diffusers, which runs them at scale 0).
    void apply(const torch::Tensor& batch, const torch::Tensor& t, int step, int steps,
               Conditioning& cond) const;

  private:
    void zero_residuals(const torch::Tensor& batch, Conditioning& cond) const;

    std::vector<Unit> units_;
    bool guided_ = false;
};

}  // namespace reverie::pipeline
