#pragma once
// The few numbers that tell TAESD-family files apart. They are read from the weights' shapes, never
// from the file name: users rename files, and the same layout serves SD, SDXL, SD3, FLUX.1 and
// FLUX.2 latent spaces.
#include <cstdint>

namespace reverie {

struct TaesdConfig {
    int64_t latent_channels = 4;  // SD/SDXL 4, SD3/FLUX.1 16, FLUX.2 32
    int64_t width = 64;           // feature channels of every hidden layer
    // FLUX.2's TAE adds a GroupNorm "pool" branch to the three blocks at latent resolution.
    bool midblock_gn = false;
};

}  // namespace reverie
