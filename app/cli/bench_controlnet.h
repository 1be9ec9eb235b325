#pragma once
// bench --controlnet: what one ControlNet unit adds to a guided step.
#include <functional>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include "core/models/conditioning.h"
#include "core/models/cuda_graph.h"
#include "core/models/unet.h"

namespace reverie::cli {

// Times a ControlNet with random weights and the UNet's own encoder config (hint widths 16, 32,
// 96, 256 as the real ones) on the same batch `x` / `t` / `cond` as the plain step: the ControlNet
// alone, and ControlNet + UNet with its residuals as the pipeline runs them (the UNet through
// `unet_call`, so a CUDA graph when the plain step has one). `time(fn)`: the bench's median in ms.
// Adds controlnet_ms, unet_step_controlnet_ms and controlnet_cost_pct (of `plain_step_ms`) to `r`.
void bench_controlnet(nlohmann::ordered_json& r, UNet2DConditionModel& unet, GraphedCall& unet_call,
                      const torch::Tensor& x, const torch::Tensor& t, const Conditioning& cond,
                      double plain_step_ms,
                      const std::function<double(std::function<void()>)>& time);
// Its lines of the bench table (nothing when it did not run).
void print_bench_controlnet(const nlohmann::ordered_json& r);

}  // namespace reverie::cli
