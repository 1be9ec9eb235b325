#pragma once
// Which device and precision a generation runs on: one policy for every front end (the CLI, the
// studio, the benchmark), each wording the outcome in its own language.
//  - cpu: the CPU. cuda: the first GPU; no GPU is an error, never a silent fall back to the CPU.
//  - auto: the GPU when torch sees one, else the CPU; the caller says which it picked.
//  - fp16 on the CPU runs as fp32 (LibTorch has no CPU fp16 kernels for most layers), noted.
#include <torch/torch.h>

#include <optional>
#include <string>

namespace reverie {

enum class DeviceChoice { Auto, Cpu, Cuda };

// nullopt for a name that is none of auto, cpu, cuda.
std::optional<DeviceChoice> device_choice_from_name(const std::string& name);

// The device for `choice`; nullopt when CUDA was asked for and torch sees no GPU.
std::optional<torch::Device> pick_device(DeviceChoice choice);

// The dtype that runs on `device`: fp16 on the CPU becomes fp32 (*fell_back set when given).
torch::ScalarType pick_dtype(torch::ScalarType requested, const torch::Device& device,
                             bool* fell_back = nullptr);

}  // namespace reverie
