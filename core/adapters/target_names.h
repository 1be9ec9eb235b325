#pragma once
// Which model weight an adapter module changes. Trainers name modules after the model's own
// module paths, each in its scheme:
//   kohya / A1111   lora_unet_down_blocks_0_attentions_0_…_to_q   (path with '.' -> '_')
//                   lora_te_… (SD 1.x/2.x), lora_te1_… / lora_te2_… (SDXL's two encoders)
//                   SDXL UNet in SGM names: lora_unet_input_blocks_4_1_…  (see add_alias)
//   LyCORIS         lycoris_down_blocks_0_…                        (SimpleTuner)
//   diffusers/PEFT  unet.down_blocks.0.attentions.0.….to_q, text_encoder.…, text_encoder_2.…
// The index is built from the model's parameter names, so every module the model has is found
// under every scheme, and nothing is hand-listed per block.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace reverie::adapters {

// Component names (diffusers' folder names).
constexpr const char* kTextEncoder = "text_encoder";
constexpr const char* kTextEncoder2 = "text_encoder_2";
constexpr const char* kUNet = "unet";

struct Target {
    std::string component;  // kTextEncoder, kTextEncoder2 or kUNet
    std::string weight;     // the parameter's name in that component, "….to_q.weight"
};

class TargetIndex {
  public:
    // Every `*.weight` of `parameter_names` becomes a target under each scheme of `component`.
    void add_component(const std::string& component,
                       const std::vector<std::string>& parameter_names);
    // Another path naming the module of `weight` (e.g. its LDM/SGM path `input_blocks.4.1.…`),
    // found under the underscore schemes of `component`.
    void add_alias(const std::string& component, const std::string& alias_path,
                   const std::string& weight);
    std::optional<Target> find(const std::string& adapter_module) const;
    bool has_component(const std::string& component) const;
    size_t size() const { return by_name_.size(); }

  private:
    void insert(const std::string& component, const std::string& path, const std::string& weight,
                bool underscore_schemes_only);
    std::map<std::string, Target> by_name_;
    std::vector<std::string> components_;
};

// The component an adapter module name's prefix points to (whether or not the model has it), or
// empty when no scheme knows the prefix.
std::string component_of(const std::string& adapter_module);

}  // namespace reverie::adapters
