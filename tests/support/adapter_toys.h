#pragma once
// Adapter tests' small pieces (torch only): random tensors, one adapter module from its parts,
// and toy "models" whose parameter names follow the UNet's and the text encoder's.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/adapters/adapter_file.h"
#include "core/models/layers.h"

namespace reverie::test {

using torch::Tensor;

inline Tensor randn(std::vector<int64_t> shape) {
    return torch::randn(shape, torch::kFloat32);
}

inline adapters::AdapterModule single(const std::string& name,
                                      const adapters::NamedTensorList& parts) {
    adapters::NamedTensorList tensors;
    for (const auto& [p, t] : parts) tensors.emplace_back(name + "." + p, t);
    return adapters::adapter_from_tensors("test", tensors).modules.at(0);
}

inline Tensor scalar(double v) {
    return torch::tensor(v, torch::kFloat32);
}

// A small "model": a UNet-named linear and conv and a text-encoder linear.
struct Toy : torch::nn::Module {
    Toy() {
        auto blocks = register_module("mid_block", std::make_shared<torch::nn::Module>());
        to_q = blocks->register_module("to_q", Linear(8, 6));
        conv = blocks->register_module("conv1", Conv2d(ConvOptions{4, 5, 3, 1, 1}));
    }
    Linear to_q{nullptr};
    Conv2d conv{nullptr};
};
struct ToyText : torch::nn::Module {
    ToyText() { fc1 = register_module("fc1", Linear(6, 4)); }
    Linear fc1{nullptr};
};

}  // namespace reverie::test
