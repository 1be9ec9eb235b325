#include "core/training/ema.h"

#include <algorithm>

namespace reverie::training {

Ema::Ema(const torch::nn::Module& module, double decay) : decay_(decay) {
    torch::NoGradGuard no_grad;
    for (const auto& p : module.named_parameters()) shadow_[p.key()] = p.value().detach().clone();
}

void Ema::update(const torch::nn::Module& module) {
    torch::NoGradGuard no_grad;
    ++updates_;
    const double d = std::min(decay_, (1.0 + double(updates_)) / (10.0 + double(updates_)));
    for (const auto& p : module.named_parameters())
        shadow_.at(p.key()).mul_(d).add_(p.value().detach(), 1.0 - d);
}

void Ema::copy_to(torch::nn::Module& module) const {
    torch::NoGradGuard no_grad;
    for (auto& p : module.named_parameters()) p.value().copy_(shadow_.at(p.key()));
}

}  // namespace reverie::training
