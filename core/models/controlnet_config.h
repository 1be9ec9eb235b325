#pragma once
// The hyper-parameters of a ControlNet (diffusers ControlNetModel): the encoder half of a UNet, the
// hint encoder that brings the control image down to latent size, and the zero convolutions.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <vector>

#include "core/models/state_dict.h"
#include "core/models/unet_config.h"

namespace reverie {

struct ControlNetConfig {
    // The encoder half (conv_in, down blocks, mid block, time and SDXL vector embeddings). Its
    // in_channels is the ControlNet's own (4, also beside a 9-channel inpainting UNet); the up
    // block types only mirror the down ones, so UNetConfig::validate accepts it.
    UNetConfig unet;
    int64_t conditioning_channels = 3;
    // The hint encoder's widths (conditioning_embedding_out_channels); the real models use
    // (16, 32, 96, 256), the first convolution's width and one per stride-2 stage.
    std::vector<int64_t> hint_channels = {16, 32, 96, 256};
    bool bgr = false;                     // controlnet_conditioning_channel_order "bgr"
    bool global_pool_conditions = false;  // shuffle-type: residuals averaged over the picture

    // conv_in + every resnet + every downsampler: what the UNet keeps as skip connections.
    int64_t down_residuals() const {
        return 1 + unet.levels() * unet.layers_per_block + (unet.levels() - 1);
    }

    // A diffusers ControlNetModel config.json. Throws reverie::Error naming what it refuses:
    // T2I-Adapters, union models, ControlNet-XS and the transformer families' ControlNets.
    static ControlNetConfig from_diffusers_json(const nlohmann::json& config);

    // The original (cldm) layout carries no config: the encoder is the base UNet's, the input and
    // hint channels and the hint widths come from the weights' shapes (`ldm`: keys without the
    // `control_model.` prefix). Throws reverie::Error when the file does not fit the base model.
    static ControlNetConfig from_ldm_weights(const StateDict& ldm, const UNetConfig& base);

    void validate() const;
    // Throws reverie::Error when its residuals cannot join `base`'s skip connections or it reads
    // other text embeddings (a ControlNet of another model family).
    void check_fits(const UNetConfig& base) const;
};

}  // namespace reverie
