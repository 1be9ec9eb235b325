#include "core/models/device_tuning.h"

#include <ATen/Context.h>

namespace reverie {

void tune_backend(const torch::Device& device, const DeviceTuning& tuning) {
    if (device.is_cuda()) at::globalContext().setBenchmarkCuDNN(tuning.cudnn_benchmark);
}

void tune_layout(torch::nn::Module& module, const torch::Device& device,
                 const DeviceTuning& tuning) {
    if (!device.is_cuda() || !tuning.channels_last) return;
    for (auto& p : module.parameters())
        if (p.dim() == 4) p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
}

}  // namespace reverie
