// Model-layout detection of a single-file checkpoint: its safetensors tensor table, optionally
// followed by a marker line and the sidecar LDM yaml, then the configs the detection chose, as
// the model loader reads them.
#include "core/io/single_file_layout.h"
#include "core/models/unet_config.h"
#include "core/models/vae_config.h"
#include "core/sampling/scheduler_config.h"
#include "tests/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reverie;
    const auto [file, yaml_text] = fuzz::split_at(
        std::string(reinterpret_cast<const char*>(data), size), "\n=====YAML=====\n");
    std::optional<io::SidecarYaml> yaml;
    if (!yaml_text.empty()) yaml = io::SidecarYaml{"fuzz.yaml", yaml_text};
    try {
        std::vector<io::TensorInfo> infos;
        std::map<std::string, std::string> metadata;
        io::parse_safetensors("fuzz", reinterpret_cast<const uint8_t*>(file.data()), file.size(),
                              infos, metadata);
        io::ModelDescription d;
        io::detect_single_file_layout("fuzz.safetensors", infos, yaml, d);
        if (d.unet_config.kind == io::ConfigSource::Kind::LdmYaml) {
            UNetConfig::from_ldm_yaml(d.unet_config.yaml).validate();
            VaeConfig::from_ldm_yaml(d.vae_config.yaml, d.vae_scaling_factor).validate();
        }
        sampling::SchedulerConfig::from_json(d.scheduler_config);
    } catch (const Error&) {
    }
    return 0;
}
