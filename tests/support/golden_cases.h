#pragma once
// Reading the goldens' manifests and tensors: shared by every parity test.
#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/image/image.h"

namespace reverie::test {

// A json file as Python's json writes it: -Infinity / Infinity / NaN (DPM-Solver's
// lambda_min_clipped) read as null, which nlohmann would refuse.
nlohmann::json read_python_json(const std::string& path);

// The cases of `kind` in the manifest at shared_path(`manifest`); empty when it is missing.
std::vector<nlohmann::json> manifest_cases(const std::string& manifest, const std::string& kind);

// A [1, C, H, W] uint8 golden tensor as an interleaved picture.
image::Image image_from_u8(const torch::Tensor& u8);

}  // namespace reverie::test
