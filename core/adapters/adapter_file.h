#pragma once
// LoRA and LyCORIS files: a weight delta per module of a model, in the names the trainer wrote
// (kohya `lora_unet_…`, LyCORIS `lycoris_…`, diffusers/PEFT `unet.….lora_A.weight`). Reading
// only groups and checks the tensors; which model weight a module changes is target_names.h's
// job, the arithmetic weight_delta.h's.
#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace reverie::adapters {

enum class AdapterKind {
    LoRA,  // lora_up · lora_down (also PEFT's lora_B · lora_A, LoCon convs, lora_mid Tucker)
    LoHa,  // LyCORIS Hadamard product: (w1_a · w1_b) ⊙ (w2_a · w2_b)
    LoKr,  // LyCORIS Kronecker product: w1 ⊗ w2
    Full,  // LyCORIS full weight difference `diff`
};
std::string to_string(AdapterKind kind);

struct AdapterModule {
    std::string name;  // as in the file, without the part: "lora_unet_mid_block_attentions_0_…"
    AdapterKind kind = AdapterKind::LoRA;
    // Tensors by part name, PEFT's renamed to kohya's ("lora_A.weight" -> "lora_down.weight").
    std::map<std::string, torch::Tensor> parts;
    std::optional<double> alpha;  // absent: scale 1 (PEFT's lora_alpha defaults to the rank)

    bool has(const std::string& part) const { return parts.count(part) != 0; }
    // The part as float32; throws reverie::Error naming the module when it is missing.
    torch::Tensor get(const std::string& part) const;
    // The rank the alpha is divided by (A1111 / ComfyUI rules); 0 when alpha is ignored.
    int64_t rank() const;
};

struct AdapterFile {
    std::string path;
    std::vector<AdapterModule> modules;  // in the order their first tensor appears
    std::map<std::string, std::string> metadata;
    // Tensors that are not adapter parts (e.g. bias deltas): left out, named here.
    std::vector<std::string> skipped;
};

using NamedTensorList = std::vector<std::pair<std::string, torch::Tensor>>;

// Throws reverie::Error naming the file and the first problem: no adapter tensors, a module with
// an incomplete or mixed set of parts, a non-scalar or non-finite alpha, parts whose shapes do not
// chain (rank mismatch), a non-floating or over-4-D tensor.
AdapterFile read_adapter_file(const std::string& path);
// The same from tensors in memory (tests, fuzzing); `what` names the source in errors.
AdapterFile adapter_from_tensors(const std::string& what, const NamedTensorList& tensors,
                                 std::map<std::string, std::string> metadata = {});

// Whether a safetensors file looks like a LoRA/LyCORIS file (any key ends in an adapter part);
// from the tensor names alone.
bool looks_like_adapter(const std::vector<std::string>& keys);

}  // namespace reverie::adapters
