#include "core/pipeline/soft_inpaint.h"

#include "core/image/mask_ops.h"

namespace reverie::pipeline {

torch::Tensor soft_latent_mask(const image::Mask& mask, int scale_factor) {
    const auto pixels = image::mask_to_tensor(mask, false);
    namespace F = torch::nn::functional;
    return F::adaptive_avg_pool2d(
        pixels,
        F::AdaptiveAvgPool2dFuncOptions({mask.height / scale_factor, mask.width / scale_factor}));
}

torch::Tensor differential_region(const torch::Tensor& strength, int k, int n) {
    const double threshold = 1.0 - double(k) / double(std::max(n, 1));
    return (strength > threshold).to(strength.scalar_type());
}

}  // namespace reverie::pipeline
