#pragma once
// What a ComfyUI server offers, read from its GET /object_info answer (untrusted JSON): which node
// classes exist, and the choices of their list inputs (checkpoints, LoRAs, samplers...).
#include <nlohmann/json_fwd.hpp>

#include <set>
#include <string>
#include <vector>

namespace reverie::remote {

class ComfyObjectInfo {
  public:
    ComfyObjectInfo() = default;
    // The body of /object_info (all nodes) or of /object_info/{class} (one); several answers may
    // be merged with add(). Throws reverie::Error for text that is not a JSON object.
    explicit ComfyObjectInfo(const std::string& json_text) { add(json_text); }
    void add(const std::string& json_text);

    bool has_node(const std::string& class_type) const;
    // Whether the node's schema has that input (required or optional).
    bool has_input(const std::string& class_type, const std::string& input) const;
    // The choices of a list input ("COMBO"), in the server's order; empty when there is none.
    // Both the classic form [["a", "b"], {...}] and the newer ["COMBO", {"options": [...]}].
    std::vector<std::string> choices(const std::string& class_type, const std::string& input) const;

  private:
    struct Node {
        std::set<std::string> inputs;
        std::vector<std::pair<std::string, std::vector<std::string>>> combos;
    };
    std::vector<std::pair<std::string, Node>> nodes_;
};

// "tiny-sd1.safetensors" -> "tiny-sd1.yaml": the config a loader with a config_name input gets.
std::string config_name_for(const std::string& checkpoint);

}  // namespace reverie::remote
