#pragma once
// Exponential moving average of a module's parameters (Polyak averaging), as diffusion training
// recipes keep it: the averaged weights are the ones shipped, the raw ones keep training.
#include <torch/torch.h>

#include <map>
#include <string>

namespace reverie::training {

class Ema {
  public:
    Ema(const torch::nn::Module& module, double decay);

    // shadow = decay·shadow + (1 − decay)·param. The effective decay ramps up from 0 as
    // (1 + n)/(10 + n) so early, random weights are forgotten quickly.
    void update(const torch::nn::Module& module);
    // Writes the averaged weights into `module` (e.g. a copy used for export or evaluation).
    void copy_to(torch::nn::Module& module) const;

  private:
    double decay_;
    int64_t updates_ = 0;
    std::map<std::string, torch::Tensor> shadow_;
};

}  // namespace reverie::training
