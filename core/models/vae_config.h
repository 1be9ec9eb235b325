#pragma once
// The hyper-parameters of an AutoencoderKL (the SD VAE).
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <vector>

namespace YAML {
class Node;
}

namespace reverie {

struct VaeConfig {
    int64_t in_channels = 3;
    int64_t out_channels = 3;
    int64_t latent_channels = 4;
    std::vector<int64_t> block_out_channels = {128, 256, 512, 512};
    int64_t layers_per_block = 2;
    int64_t norm_num_groups = 32;
    double scaling_factor = 0.18215;

    // Pixels per latent along each axis: one halving per level but the last.
    int64_t downscale() const { return int64_t(1) << (block_out_channels.size() - 1); }

    // The `vae/config.json` of a diffusers folder.
    static VaeConfig from_diffusers_json(const nlohmann::json& config);
    // The `model.params.first_stage_config.params` node of an LDM yaml. The scaling factor lives
    // one level up (`model.params.scale_factor`), so the caller passes it.
    static VaeConfig from_ldm_yaml(const YAML::Node& params, double scaling_factor = 0.18215);

    static VaeConfig sd();

    void validate() const;
};

}  // namespace reverie
