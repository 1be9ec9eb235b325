#pragma once
// Reading the goldens' manifests and tensors: shared by every parity test.
#include <torch/torch.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/image/image.h"
#include "core/pipeline/generation_request.h"

namespace reverie::test {

// A json file as Python's json writes it: -Infinity / Infinity / NaN (DPM-Solver's
// lambda_min_clipped) read as null, which nlohmann would refuse.
nlohmann::json read_python_json(const std::string& path);

// The cases of `kind` in the manifest at shared_path(`manifest`); empty when it is missing.
std::vector<nlohmann::json> manifest_cases(const std::string& manifest, const std::string& kind);

// The sampler that reproduces a diffusers scheduler class (the registry's first of that class:
// DPMSolverMultistepScheduler is dpmpp_2m). Throws std::out_of_range for one it has not.
std::string sampler_for(const std::string& scheduler_class);

// Qt Test data rows "<case name without its kind/> <layout>" with columns case_json and layout,
// one per case and layout (`skip(case, layout)` leaves a pair out); a "manifest missing" row when
// there is no case, so the test function can skip loudly.
void add_case_rows(const std::vector<nlohmann::json>& cases,
                   const std::vector<std::string>& layouts,
                   const std::function<bool(const nlohmann::json&, const std::string&)>& skip = {});

// A pipeline case's common params (prompt, negative prompt, steps, guidance, seed, size) as a
// request; each test adds what its pipeline has beyond them.
pipeline::GenerationRequest request_from_params(const nlohmann::json& params);

// A [1, C, H, W] uint8 golden tensor as an interleaved picture.
image::Image image_from_u8(const torch::Tensor& u8);

}  // namespace reverie::test
