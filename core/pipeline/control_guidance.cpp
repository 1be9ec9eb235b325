#include "core/pipeline/control_guidance.h"

#include <cmath>

#include "core/common/error.h"

namespace reverie::pipeline {

void validate_control_unit(const ControlUnit& u, int index) {
    const std::string which = "ControlNet unit " + std::to_string(index);
    if (u.model.empty())
        throw Error(which + (u.name.empty() ? "" : " ('" + u.name + "')") + " has no model.");
    if (!std::isfinite(u.scale) || std::fabs(u.scale) > 100)
        throw Error(which + ": the scale must be a number between -100 and 100.");
    if (!(u.start >= 0.0 && u.start <= u.end && u.end <= 1.0))
        throw Error(which + ": start and end must satisfy 0 <= start <= end <= 1, got " +
                    std::to_string(u.start) + " and " + std::to_string(u.end) + ".");
}

double control_keep(int step, int steps, double start, double end) {
    const double i = step, n = steps;
    return (i / n < start || (i + 1) / n > end) ? 0.0 : 1.0;
}

std::vector<double> control_output_scales(ControlMode mode, double scale, int64_t outputs) {
    std::vector<double> s(size_t(outputs), scale);
    if (mode != ControlMode::Balanced)
        for (int64_t k = 0; k < outputs; ++k)
            s[size_t(k)] = scale * std::pow(0.825, double(12 - k));
    return s;
}

torch::Tensor control_hint(const ControlUnit& unit, const image::Image* init,
                           const image::Mask* mask, int width, int height) {
    const image::Image* source = !unit.image.empty() ? &unit.image : init;
    if (!source || source->empty())
        throw Error("ControlNet unit '" + unit.name +
                    "' has no control image (and there is no init image to use instead).");
    image::Image picture = image::preprocess_control(*source, unit.preprocess, unit.canny);
    picture = image::resize_to(picture, width, height, unit.resize);
    // u8 / 255: diffusers' VaeImageProcessor(do_normalize=False).
    auto hint = torch::from_blob(picture.data.data(), {height, width, 3}, torch::kUInt8)
                    .permute({2, 0, 1})
                    .unsqueeze(0)
                    .to(torch::kFloat32) /
                255;
    if (unit.preprocess == image::ControlPreprocess::Inpaint) {
        if (!mask) throw Error("The inpaint control preprocessor needs a mask (inpainting).");
        const image::Mask fitted = image::resize_to(*mask, width, height, unit.resize);
        const auto m = torch::from_blob(const_cast<uint8_t*>(fitted.data.data()),
                                        {1, 1, height, width}, torch::kUInt8)
                           .to(torch::kFloat32) /
                       255;
        // A1111's inpaint hint: the pixels to regenerate are -1, the others the picture.
        hint = torch::where(m > 0.5, torch::full_like(hint, -1.0), hint);
    }
    return hint.contiguous();
}

ControlGuidance::ControlGuidance(std::vector<Unit> units, bool guided, torch::Device device,
                                 torch::ScalarType dtype)
    : units_(std::move(units)), guided_(guided) {
    for (auto& u : units_) {
        u.hint = u.hint.to(device, dtype);
        if (guided_) u.hint = torch::cat({u.hint, u.hint});
    }
}

void ControlGuidance::apply(const torch::Tensor& batch, const torch::Tensor& t, int step, int steps,
                            Conditioning& cond) const {
    cond.down_residuals.clear();
    cond.mid_residual = torch::Tensor();
    for (const auto& u : units_) {
        const ControlUnit& s = u.settings;
        const double keep = control_keep(step, steps, s.start, s.end);
        // A unit outside its window adds zeros (diffusers still runs it at scale 0).
        if (keep == 0.0 || s.scale == 0.0) continue;
        const int64_t outputs = u.net->config().down_residuals() + 1;
        ControlNetModel net = u.net;  // a handle: running a network is not const in torch
        ControlResiduals r = net->forward(batch, t, cond, u.hint,
                                          control_output_scales(s.mode, s.scale * keep, outputs));
        if (s.mode == ControlMode::Control && guided_) {
            // "ControlNet is more important": the unconditional half goes without.
            auto cond_only = [](const torch::Tensor& x) {
                auto halves = x.chunk(2);
                return torch::cat({torch::zeros_like(halves[0]), halves[1]});
            };
            for (auto& d : r.down) d = cond_only(d);
            r.mid = cond_only(r.mid);
        }
        if (cond.down_residuals.empty()) {
            cond.down_residuals = std::move(r.down);
            cond.mid_residual = r.mid;
        } else {
            for (size_t i = 0; i < r.down.size(); ++i)
                cond.down_residuals[i] = cond.down_residuals[i] + r.down[i];
            cond.mid_residual = cond.mid_residual + r.mid;
        }
    }
    if (cond.down_residuals.empty() && !units_.empty()) zero_residuals(batch, cond);
}

void ControlGuidance::zero_residuals(const torch::Tensor& batch, Conditioning& cond) const {
    // Zeros change nothing (x + 0 is x) but keep the UNet call's inputs the same at every step, so
    // a CUDA graph recorded inside the window replays outside it too.
    const UNetConfig& c = units_.front().net->config().unet;
    const auto opts = batch.options();
    int64_t h = batch.size(2), w = batch.size(3);
    const int64_t b = batch.size(0);
    cond.down_residuals.push_back(torch::zeros({b, c.block_out_channels[0], h, w}, opts));
    for (int64_t l = 0; l < c.levels(); ++l) {
        const int64_t ch = c.block_out_channels[size_t(l)];
        for (int64_t k = 0; k < c.layers_per_block; ++k)
            cond.down_residuals.push_back(torch::zeros({b, ch, h, w}, opts));
        if (l + 1 < c.levels()) {
            h = (h + 1) / 2;  // a 3x3, stride-2, padding-1 convolution
            w = (w + 1) / 2;
            cond.down_residuals.push_back(torch::zeros({b, ch, h, w}, opts));
        }
    }
    cond.mid_residual = torch::zeros({b, c.block_out_channels.back(), h, w}, opts);
}

}  // namespace reverie::pipeline
