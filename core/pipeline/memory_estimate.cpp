#include "core/pipeline/memory_estimate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/common/error.h"
#include "core/common/memory_stats.h"
#include "core/models/attention_blocks.h"
#include "core/pipeline/loaded_model.h"

namespace reverie::pipeline {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

// Values per token alive at a level's peak, as multiples of its width: a resnet holds its input,
// the norm, the activation and the convolution (4); a transformer's GEGLU feed-forward projects
// to 8 widths and keeps the gate and the product besides (16).
constexpr double kConvWidths = 4;
constexpr double kTransformerWidths = 16;
// Measured peak over the tally above: allocator slack, the concatenations of the up path, im2col
// buffers and other temporaries the tally does not name. Calibrated on the CPU (fp32) against
// peak RSS, per stage with `reverie-cli bench` (VmHWM reset before each) for SD 1.5 at 128² and
// 256², and for the whole process with `reverie-cli generate` on the built-in model at 512²,
// 1024² and 2048² (less its peak at 128²):
//   UNet, SD 1.5: 169 and 323 MB measured, tally 21 and 86 MB: 2.4 per tallied MB + 118 MB.
//   VAE decode: SD 1.5 2.9; built-in model 2.8, 3.6 (1024², where the tensors stay under the
//   allocator's mmap threshold and the heap keeps what they freed) and 2.9.
// The largest factors seen, so the estimate errs towards refusing: with them it is 2% above the
// built-in model's 1024² peak and up to 45% above the others.
constexpr double kUnetFactor = 2.4;
constexpr double kVaeFactor = 3.6;
// What does not scale with the image: oneDNN's reordered weights of the layer at hand, its
// scratch, the text encoder's activations (SD 1.5's UNet step at 128²: 118 MB).
constexpr double kFixedMb = 128;

int64_t side_at(int64_t side, int level) {
    return std::max<int64_t>(1, (side + (int64_t(1) << level) - 1) >> level);
}

// Score and softmax matrices of one attention call, fp32, up to the block bound.
double score_bytes(double rows, double tokens) {
    return 2.0 * 4.0 * std::min(rows * tokens * tokens, double(kMaxScoreElements));
}

double module_bytes(const torch::nn::Module& m) {
    double bytes = 0;
    for (const auto& p : m.parameters()) bytes += double(p.numel()) * double(p.element_size());
    for (const auto& b : m.buffers()) bytes += double(b.numel()) * double(b.element_size());
    return bytes;
}

}  // namespace

double MemoryNeeds::working_mb() const {
    return std::max(unet_mb, vae_mb) + upload_mb + kFixedMb;
}

MemoryNeeds estimate_memory(const UNetConfig& unet, const VaeConfig& vae, int width, int height,
                            int batch, int unet_element_bytes, int vae_element_bytes,
                            int vae_tile_px, int control_units) {
    const int64_t down = vae.downscale();
    const int64_t lw = std::max<int64_t>(1, width / down), lh = std::max<int64_t>(1, height / down);
    MemoryNeeds n;

    double skips = 0, widest = 0, scores = 0;
    const int levels = int(unet.block_out_channels.size());
    for (int l = 0; l < levels; ++l) {
        const double tokens = double(side_at(lw, l)) * double(side_at(lh, l));
        const double channels = double(unet.block_out_channels[size_t(l)]);
        // The mid block attends at the last level whatever the down block there is.
        const bool attends =
            l == levels - 1 || unet.down_block_types[size_t(l)].rfind("CrossAttn", 0) == 0;
        skips += tokens * channels * double(unet.layers_per_block + 1);
        widest = std::max(widest, tokens * channels * (attends ? kTransformerWidths : kConvWidths));
        if (attends) {
            const double heads = double(unet.attention_heads[size_t(l)]);
            scores = std::max(scores, score_bytes(batch * heads, tokens));
        }
    }
    // ControlNet: the residual sum, and the next unit's output while it is added.
    const double residuals = skips * double(std::min(control_units, 2));
    n.unet_mb = (batch * (skips + residuals + widest) * unet_element_bytes * kUnetFactor + scores) /
                kMiB;

    // Each decoder level runs resnets from the level below's width to its own, at its size (a
    // tile's, when tiled); the mid block attends over every latent pixel with one head.
    const auto& ch = vae.block_out_channels;
    const int vae_levels = int(ch.size());
    const int decode_w = vae_tile_px > 0 ? std::min(width, vae_tile_px) : width;
    const int decode_h = vae_tile_px > 0 ? std::min(height, vae_tile_px) : height;
    double vae_values = 0;
    for (int l = 0; l < vae_levels; ++l) {
        const double pixels = double(side_at(decode_w, l)) * double(side_at(decode_h, l));
        const double in = double(ch[size_t(std::min(l + 1, vae_levels - 1))]);
        vae_values = std::max(vae_values, pixels * (2 * in + 2 * double(ch[size_t(l)])));
    }
    // The decoded picture: float32 on the device, its CPU copy and the 8-bit image; tiles add up
    // in a float32 sum and a blend weight per pixel.
    const double picture =
        double(width) * double(height) * (3 * (4 + 4 + 1) + (vae_tile_px > 0 ? 4 * 4 : 0));
    n.vae_mb = (vae_values * vae_element_bytes * kVaeFactor +
                score_bytes(1, double(lw) * double(lh)) + picture) /
               kMiB;
    return n;
}

MemoryNeeds estimate_memory(const LoadedModel& model, int width, int height, bool guided,
                            int vae_tile_px, int control_units) {
    const int unet_bytes = int(c10::elementSize(model.dtype()));
    const int vae_bytes = int(c10::elementSize(model.vae_dtype()));
    MemoryNeeds n = estimate_memory(model.unet->config(), model.vae->config(), width, height,
                                    guided ? 2 : 1, unet_bytes, vae_bytes, vae_tile_px,
                                    control_units);
    double weights = 0;
    if (model.offload())
        n.upload_mb = model.offload()->largest_bytes() / kMiB;
    else
        for (const auto& [name, module] : model.components()) weights += module_bytes(*module);
    if (model.taesd) weights += module_bytes(**model.taesd);
    n.weights_mb = weights / kMiB;
    return n;
}

double available_memory_mb(const torch::Device& device) {
    if (device.is_cuda()) return available_gpu_mb(device.index() < 0 ? 0 : device.index());
    return reverie::available_memory_mb();
}

std::string format_megabytes(double mb) {
    char buf[32];
    if (mb >= 10 * 1024)
        std::snprintf(buf, sizeof buf, "%.0f GB", mb / 1024);
    else if (mb >= 1024)
        std::snprintf(buf, sizeof buf, "%.1f GB", mb / 1024);
    else
        std::snprintf(buf, sizeof buf, "%.0f MB", std::ceil(mb));
    return buf;
}

void check_fits(const MemoryNeeds& needs, double available_mb, int width, int height) {
    // 0: the figure could not be read (no /proc, a failed CUDA query): nothing to compare with.
    if (available_mb <= 0 || needs.working_mb() <= available_mb) return;
    const std::string model =
        needs.weights_mb > 0
            ? " (the model's " + format_megabytes(needs.weights_mb) + ", already loaded, aside)"
            : "";
    throw Error(std::to_string(width) + "×" + std::to_string(height) + " needs about " +
                format_megabytes(needs.working_mb()) + " of memory" + model + "; " +
                format_megabytes(available_mb) + " available. Try a smaller size.");
}

}  // namespace reverie::pipeline
