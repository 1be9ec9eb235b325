#include "core/image/latent_preview.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "core/common/error.h"

namespace reverie::image {
namespace {

// The factors are ComfyUI's `latent_rgb_factors` (comfy/latent_formats.py, classes SD15 and SDXL),
// fitted by least squares from latents to decoded pixels; SD15 has no bias there. They act on the
// diffusion-space latent and give RGB in about [-1, 1].
const LatentRgbProjection kSd15{{{{0.3512f, 0.2297f, 0.3227f},
                                  {0.3250f, 0.4974f, 0.2350f},
                                  {-0.2829f, 0.1762f, 0.2721f},
                                  {-0.2120f, -0.2616f, -0.7177f}}},
                                {0.0f, 0.0f, 0.0f}};

const LatentRgbProjection kSdxl{{{{0.3651f, 0.4232f, 0.4341f},
                                  {-0.2533f, -0.0042f, 0.1068f},
                                  {0.1076f, 0.1111f, -0.0362f},
                                  {-0.3165f, -0.2492f, -0.2188f}}},
                                {0.1084f, -0.0175f, -0.0011f}};

uint8_t to_byte(float v01) {
    // NaN compares false both ways and lands on 0 instead of undefined behaviour.
    if (!(v01 > 0.0f)) return 0;
    if (v01 >= 1.0f) return 255;
    return static_cast<uint8_t>(std::lround(v01 * 255.0f));
}

// [C,H,W] contiguous float32 on the CPU from a [1,C,H,W] or [C,H,W] tensor with C channels.
torch::Tensor as_chw(const torch::Tensor& t, int64_t channels, const char* what) {
    torch::Tensor chw = t;
    if (chw.dim() == 4 && chw.size(0) == 1) chw = chw.squeeze(0);
    if (chw.dim() != 3 || chw.size(0) != channels) {
        std::ostringstream os;
        os << what << ": expected a [1," << channels << ",H,W] or [" << channels
           << ",H,W] tensor, got " << t.sizes();
        throw Error(os.str());
    }
    return chw.detach().to(torch::kCPU, torch::kFloat32).contiguous();
}

Rgb8Image blank(const torch::Tensor& chw) {
    Rgb8Image out;
    out.height = static_cast<int>(chw.size(1));
    out.width = static_cast<int>(chw.size(2));
    out.rgb.resize(size_t(out.width) * size_t(out.height) * 3);
    return out;
}

}  // namespace

const LatentRgbProjection& latent_rgb_projection(LatentFamily family) {
    switch (family) {
        case LatentFamily::SD1:
        case LatentFamily::SD2:
            return kSd15;
        case LatentFamily::SDXL:
            return kSdxl;
    }
    throw Error("latent preview: unknown model family");
}

Rgb8Image latent_to_rgb8(const torch::Tensor& latent, const LatentRgbProjection& projection) {
    const torch::Tensor chw = as_chw(latent, 4, "latent preview");
    Rgb8Image out = blank(chw);
    const size_t plane = size_t(out.width) * size_t(out.height);
    const float* src = chw.data_ptr<float>();
    const auto& f = projection.factors;
    for (size_t i = 0; i < plane; ++i) {
        const float l[4] = {src[i], src[plane + i], src[2 * plane + i], src[3 * plane + i]};
        for (int c = 0; c < 3; ++c) {
            const float v = l[0] * f[0][c] + l[1] * f[1][c] + l[2] * f[2][c] + l[3] * f[3][c] +
                            projection.bias[c];
            out.rgb[3 * i + c] = to_byte((v + 1.0f) * 0.5f);
        }
    }
    return out;
}

Rgb8Image latent_to_rgb8(const torch::Tensor& latent, LatentFamily family) {
    return latent_to_rgb8(latent, latent_rgb_projection(family));
}

Rgb8Image image01_to_rgb8(const torch::Tensor& image) {
    const torch::Tensor chw = as_chw(image, 3, "preview image");
    Rgb8Image out = blank(chw);
    const size_t plane = size_t(out.width) * size_t(out.height);
    const float* src = chw.data_ptr<float>();
    for (size_t i = 0; i < plane; ++i)
        for (int c = 0; c < 3; ++c) out.rgb[3 * i + c] = to_byte(src[c * plane + i]);
    return out;
}

}  // namespace reverie::image
