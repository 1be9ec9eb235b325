#include "core/common/device_policy.h"

#include <torch/cuda.h>

namespace reverie {

std::optional<DeviceChoice> device_choice_from_name(const std::string& name) {
    if (name == "auto") return DeviceChoice::Auto;
    if (name == "cpu") return DeviceChoice::Cpu;
    if (name == "cuda") return DeviceChoice::Cuda;
    return std::nullopt;
}

std::optional<torch::Device> pick_device(DeviceChoice choice) {
    if (choice == DeviceChoice::Cpu) return torch::Device(torch::kCPU);
    const bool gpu = torch::cuda::is_available();
    if (gpu) return torch::Device(torch::kCUDA, 0);
    if (choice == DeviceChoice::Cuda) return std::nullopt;
    return torch::Device(torch::kCPU);
}

torch::ScalarType pick_dtype(torch::ScalarType requested, const torch::Device& device,
                             bool* fell_back) {
    const bool cpu_fp16 = requested == torch::kFloat16 && device.is_cpu();
    if (fell_back) *fell_back = cpu_fp16;
    return cpu_fp16 ? torch::kFloat32 : requested;
}

}  // namespace reverie
