#include "core/image/image_tensor.h"

#include <cstring>

#include "core/common/error.h"

namespace reverie::image {

torch::Tensor image_to_tensor(const Image& img) {
    if (img.empty() || (img.channels != 1 && img.channels != 3))
        throw Error("image_to_tensor needs a non-empty RGB or grey image");
    auto hwc = torch::from_blob(const_cast<uint8_t*>(img.data.data()),
                                {img.height, img.width, img.channels}, torch::kUInt8);
    auto t = hwc.permute({2, 0, 1}).to(torch::kFloat32).div(255.0f).mul(2.0f).sub(1.0f);
    if (img.channels == 1) t = t.expand({3, img.height, img.width});
    return t.unsqueeze(0).contiguous();
}

Image tensor_to_image(const torch::Tensor& t) {
    torch::Tensor chw = t;
    if (chw.dim() == 4) {
        if (chw.size(0) != 1) throw Error("tensor_to_image needs one image; use tensor_to_images");
        chw = chw[0];
    }
    if (chw.dim() != 3 || chw.size(0) != 3)
        throw Error("tensor_to_image needs a [1, 3, H, W] or [3, H, W] tensor");
    auto x = chw.detach().to(torch::kCPU, torch::kFloat32);
    x = torch::nan_to_num(x, 0.0).div(2.0f).add(0.5f).clamp(0.0f, 1.0f).mul(255.0f).round();
    auto hwc = x.to(torch::kUInt8).permute({1, 2, 0}).contiguous();
    Image img(int(hwc.size(1)), int(hwc.size(0)), 3);
    std::memcpy(img.data.data(), hwc.data_ptr<uint8_t>(), img.data.size());
    return img;
}

std::vector<Image> tensor_to_images(const torch::Tensor& batch) {
    if (batch.dim() != 4) throw Error("tensor_to_images needs a [N, 3, H, W] tensor");
    std::vector<Image> out;
    for (int64_t i = 0; i < batch.size(0); ++i) out.push_back(tensor_to_image(batch[i]));
    return out;
}

}  // namespace reverie::image
