#pragma once
// Reading the goldens' manifests and tensors the way every golden suite needs: Python's json,
// the diffusers scheduler class -> Reverie's sampler name, uint8 image tensors -> pictures.
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/image/image.h"

namespace reverie::test {

// Python's json writes -Infinity (DPM-Solver's lambda_min_clipped); nlohmann refuses it.
inline nlohmann::json read_python_json(const std::string& path) {
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const std::string bad : {"-Infinity", "Infinity", "NaN"})
        for (size_t p; (p = text.find(bad)) != std::string::npos;)
            text.replace(p, bad.size(), "null");
    return nlohmann::json::parse(text);
}

// The manifest's cases of one kind ("pipeline", ...); none when the manifest is missing.
inline std::vector<nlohmann::json> manifest_cases(const std::string& manifest_path,
                                                  const std::string& kind) {
    std::vector<nlohmann::json> out;
    if (manifest_path.empty()) return out;
    for (const auto& c : read_python_json(manifest_path)["cases"])
        if (c.value("kind", "") == kind) out.push_back(c);
    return out;
}

inline std::string sampler_for(const std::string& scheduler_class) {
    static const std::map<std::string, std::string> names = {
        {"PNDMScheduler", "pndm"},
        {"DDIMScheduler", "ddim"},
        {"EulerDiscreteScheduler", "euler"},
        {"EulerAncestralDiscreteScheduler", "euler_a"},
        {"DPMSolverMultistepScheduler", "dpmpp_2m"},
        {"LMSDiscreteScheduler", "lms"},
        {"HeunDiscreteScheduler", "heun"},
        {"UniPCMultistepScheduler", "unipc"},
    };
    return names.at(scheduler_class);
}

// A [1, C, H, W] uint8 golden tensor as an interleaved picture.
inline image::Image to_image(const torch::Tensor& u8) {
    auto hwc = u8[0].permute({1, 2, 0}).contiguous();
    image::Image img(int(hwc.size(1)), int(hwc.size(0)), int(hwc.size(2)));
    std::memcpy(img.data.data(), hwc.data_ptr<uint8_t>(), img.data.size());
    return img;
}

}  // namespace reverie::test
