#pragma once
// Will a request fit? Linux hands out memory it does not have and kills the process when it is
// touched, so a request too large for the machine must be refused before anything is allocated.
// The estimate counts what one generation holds at its peak beside the loaded weights: a guided
// UNet call at the latent size (skip connections of every level, the working tensors of the
// widest level, attention scores up to the block bound) or the VAE decode at the full size,
// whichever is larger. The factors are calibrated against measured peak RSS (see the .cpp).
#include <torch/torch.h>

#include <string>

#include "core/models/unet_config.h"
#include "core/models/vae_config.h"

namespace reverie::pipeline {

class LoadedModel;

struct MemoryNeeds {
    double weights_mb = 0;  // the model itself, already resident once loaded
    double unet_mb = 0;     // one UNet call (both halves of the guidance batch)
    double vae_mb = 0;      // the VAE decode at the full size
    // With sequential offload (LoadOptions::offload): the largest network, which comes onto the
    // device while it runs; its weights are then not part of weights_mb.
    double upload_mb = 0;
    // What a run needs beyond the weights.
    double working_mb() const;
    double peak_mb() const { return weights_mb + working_mb(); }
};

// `batch`: UNet batch (2 with classifier-free guidance). Element sizes in bytes (4 for fp32).
// `vae_tile_px`: the side of the VAE's decode tiles in pixels (AutoencoderKL::decode_tiled), 0 for
// one untiled decode.
// `control_units`: ControlNet units; their residuals (the size of the skip connections) are held
// beside the UNet's own, summed in place after the first. Their networks' weights count once
// loaded (LoadedModel::components).
MemoryNeeds estimate_memory(const UNetConfig& unet, const VaeConfig& vae, int width, int height,
                            int batch, int unet_element_bytes, int vae_element_bytes,
                            int vae_tile_px = 0, int control_units = 0);
MemoryNeeds estimate_memory(const LoadedModel& model, int width, int height, bool guided,
                            int vae_tile_px = 0, int control_units = 0);

// What the device could still give: MemAvailable for the CPU, free plus cached for a GPU.
double available_memory_mb(const torch::Device& device);

// Throws reverie::Error naming the size, the estimate and what is available when the run would
// not fit in `available_mb` (0: unknown, never refused).
void check_fits(const MemoryNeeds& needs, double available_mb, int width, int height);

// "97 GB", "850 MB".
std::string format_megabytes(double mb);

}  // namespace reverie::pipeline
