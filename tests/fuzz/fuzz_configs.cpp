// Model configs: the same bytes as the diffusers config.json files (UNet, VAE, text encoder,
// scheduler) and as the LDM yaml's unet_config / first_stage_config params.
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include "core/models/clip_text_config.h"
#include "core/models/unet_config.h"
#include "core/models/vae_config.h"
#include "core/sampling/scheduler_config.h"
#include "tests/fuzz/fuzz_target.h"

namespace {

using namespace reverie;

void diffusers_json(const std::string& text) {
    const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) return;  // read_json refuses these first
    fuzz::attempt([&] { UNetConfig::from_diffusers_json(json).validate(); });
    fuzz::attempt([&] { VaeConfig::from_diffusers_json(json).validate(); });
    fuzz::attempt([&] { ClipTextConfig::from_diffusers_json(json); });
    fuzz::attempt([&] { sampling::SchedulerConfig::from_json_text(text); });
}

void ldm_yaml(const std::string& text) {
    YAML::Node params;
    try {
        params = YAML::Load(text);
    } catch (const YAML::Exception&) {
        return;  // the checkpoint reader turns this into an Error naming the file
    }
    fuzz::attempt([&] { UNetConfig::from_ldm_yaml(params).validate(); });
    fuzz::attempt([&] { VaeConfig::from_ldm_yaml(params).validate(); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    diffusers_json(text);
    ldm_yaml(text);
    return 0;
}
