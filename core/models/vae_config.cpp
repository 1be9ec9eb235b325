#include "core/models/vae_config.h"

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/common/json_numbers.h"

namespace reverie {

VaeConfig VaeConfig::from_diffusers_json(const nlohmann::json& j) {
    check_config_numbers(j, "VAE config.json");
    VaeConfig c;
    try {
        c.in_channels = j.value("in_channels", c.in_channels);
        c.out_channels = j.value("out_channels", c.out_channels);
        c.latent_channels = j.value("latent_channels", c.latent_channels);
        c.block_out_channels = j.at("block_out_channels").get<std::vector<int64_t>>();
        c.layers_per_block = j.value("layers_per_block", c.layers_per_block);
        c.norm_num_groups = j.value("norm_num_groups", c.norm_num_groups);
        if (j.contains("scaling_factor") && !j["scaling_factor"].is_null())
            c.scaling_factor = j["scaling_factor"].get<double>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("VAE config.json is not a valid AutoencoderKL config: ") +
                    e.what());
    }
    c.validate();
    return c;
}

VaeConfig VaeConfig::from_ldm_yaml(const YAML::Node& p, double scaling_factor) {
    VaeConfig c;
    try {
        const YAML::Node dd = p["ddconfig"];
        c.in_channels = dd["in_channels"].as<int64_t>(3);
        c.out_channels = dd["out_ch"].as<int64_t>(3);
        c.latent_channels = dd["z_channels"].as<int64_t>(4);
        const int64_t ch = dd["ch"].as<int64_t>();
        c.block_out_channels.clear();
        for (int64_t m : dd["ch_mult"].as<std::vector<int64_t>>())
            c.block_out_channels.push_back(ch * m);
        c.layers_per_block = dd["num_res_blocks"].as<int64_t>();
        if (p["embed_dim"] && p["embed_dim"].as<int64_t>() != c.latent_channels)
            throw Error(
                "LDM yaml: first_stage_config embed_dim differs from z_channels, which "
                "AutoencoderKL does not support");
        if (!dd["double_z"].as<bool>(true))
            throw Error("LDM yaml: a VAE without double_z is not an AutoencoderKL");
    } catch (const YAML::Exception& e) {
        throw Error(std::string("LDM yaml: first_stage_config.params is incomplete: ") + e.what());
    }
    c.scaling_factor = scaling_factor;
    c.validate();
    return c;
}

VaeConfig VaeConfig::sd() {
    return VaeConfig();
}

void VaeConfig::validate() const {
    if (block_out_channels.empty() || layers_per_block <= 0)
        throw Error("VAE config: block_out_channels and layers_per_block must not be empty");
    for (int64_t ch : block_out_channels)
        if (ch % norm_num_groups != 0)
            throw Error("VAE config: norm_num_groups must divide every block's channels");
}

}  // namespace reverie
