#pragma once
// The noise schedule a model was trained with: betas and their cumulative alpha product, in float32
// exactly as diffusers builds them (every sampler derives its timesteps and sigmas from these).
#include <torch/torch.h>

#include "core/sampling/scheduler_config.h"

namespace reverie::sampling {

struct TrainSchedule {
    torch::Tensor betas;           // [num_train_timesteps] float32
    torch::Tensor alphas_cumprod;  // [num_train_timesteps] float32

    static TrainSchedule from_config(const SchedulerConfig& config);
};

}  // namespace reverie::sampling
