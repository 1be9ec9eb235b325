#pragma once
// Live previews while sampling. The cheap path projects each latent pixel linearly to RGB (no
// weights needed, microseconds per step); the TAESD path (core/models/taesd.h) gives a real image
// and only needs its [0,1] output turned into bytes. Both end in Rgb8Image, which the GUI wraps in
// a QImage (Format_RGB888, bytes-per-line 3*width) without any tensor math.
#include <torch/torch.h>

#include <array>
#include <cstdint>
#include <vector>

namespace reverie::image {

struct Rgb8Image {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> rgb;  // row-major, 3 bytes per pixel, no row padding
};

// Latent spaces whose linear projection is known. SD 1.x and 2.x share one VAE, hence one matrix.
enum class LatentFamily { SD1, SD2, SDXL };

// rgb = factors^T * latent + bias lands in about [-1, 1].
struct LatentRgbProjection {
    std::array<std::array<float, 3>, 4> factors;  // [latent channel][R, G, B]
    std::array<float, 3> bias;
};

const LatentRgbProjection& latent_rgb_projection(LatentFamily family);

// A [1,4,h,w] or [4,h,w] diffusion-space latent (as the sampler holds it, i.e. already multiplied
// by the VAE scaling factor) to an h x w RGB image: (projection + 1) / 2, clamped, rounded.
// Throws reverie::Error for another shape.
Rgb8Image latent_to_rgb8(const torch::Tensor& latent, const LatentRgbProjection& projection);
Rgb8Image latent_to_rgb8(const torch::Tensor& latent, LatentFamily family);

// A [1,3,H,W] or [3,H,W] image in [0,1] (TAESD decoder output) to bytes; values are clamped.
Rgb8Image image01_to_rgb8(const torch::Tensor& image);

}  // namespace reverie::image
