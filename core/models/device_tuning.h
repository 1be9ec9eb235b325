#pragma once
// Per-device execution settings for the convolution-heavy models (UNet, VAE, TAESD).
//  - cuDNN autotuning: the denoising loop runs the same shapes every step, so timing the
//    candidate algorithms once pays back within the first image.
//  - channels-last (NHWC) weights: tensor-core convolutions read NHWC natively; in NCHW every
//    convolution is bracketed by transposes. Inputs follow the weights' layout automatically.
#include <torch/torch.h>

namespace reverie {

struct DeviceTuning {
    bool cudnn_benchmark = true;
    bool channels_last = true;
};

// Process-wide settings for `device` (cuDNN autotuning on CUDA; nothing on the CPU).
void tune_backend(const torch::Device& device, const DeviceTuning& tuning = {});

// Stores the module's 4-D weights channels-last when that pays on `device` (CUDA only: oneDNN on
// the CPU picks its own layouts).
void tune_layout(torch::nn::Module& module, const torch::Device& device,
                 const DeviceTuning& tuning = {});

}  // namespace reverie
