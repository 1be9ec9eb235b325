#pragma once
// One generation as a ComfyUI API graph ("prompt"): plain JSON, core nodes only, so any ComfyUI
// server runs it. The request says what to make; ComfyGraphInputs names what lives on the server
// (checkpoint, loader node, uploaded pictures, LoRAs, ControlNets).
//
//   loader -> [LoraLoader...] -> [CLIPSetLastLayer] -> CLIPTextEncode (+/-) -> [ControlNet...]
//   latent: EmptyLatentImage | LoadImage -> [ImagePadForOutpaint] -> VAEEncode
//           [-> SetLatentNoiseMask] | VAEEncodeForInpaint (9-channel models)
//   -> KSampler -> VAEDecode -> PreviewImage (the result is fetched, nothing piles up in output/)
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/pipeline/generation_request.h"
#include "core/remote/comfy_samplers.h"

namespace reverie::remote {

struct ComfyLora {
    std::string name;  // as the server's LoraLoader lists it
    double strength_model = 1.0;
    double strength_clip = 1.0;
};

// A ControlNet unit (ControlNetLoader + ControlNetApplyAdvanced); the hook for issue 22's units.
struct ComfyControlUnit {
    std::string model;  // as the server's ControlNetLoader lists it
    std::string image;  // uploaded control picture
    double strength = 1.0;
    double start = 0.0;  // fraction of the schedule
    double end = 1.0;
};

// Outpainting on the server: the picture grows by these margins (ImagePadForOutpaint), and the
// new border is what gets painted.
struct ComfyOutpaint {
    int left = 0, top = 0, right = 0, bottom = 0;
    int feathering = 0;
};

enum class ComfyInpaintModel {
    Ordinary,    // 4-channel UNet: the encoded picture with a noise mask, denoise = strength
    NineChannel  // inpainting UNet: VAEEncodeForInpaint (masked pixels grey), denoise 1
};

struct ComfyGraphInputs {
    std::string checkpoint;                         // as the server lists it
    std::string loader = "CheckpointLoaderSimple";  // the loader node class
    bool loader_takes_config = false;               // its schema has config_name
    std::string init_image;                         // uploaded picture; empty: txt2img
    std::string mask_image;                         // uploaded grey mask, white = repaint
    ComfyInpaintModel inpaint_model = ComfyInpaintModel::Ordinary;
    std::vector<ComfyLora> loras;
    std::vector<ComfyControlUnit> controls;
    std::optional<ComfyOutpaint> outpaint;
};

// The id of the node whose images are the result.
inline constexpr const char* kComfyOutputNode = "output";

// Throws reverie::Error for what the graph cannot express (an unknown sampler, no checkpoint, a
// mask without a picture, steps < 1). `seed` is the resolved one (>= 0).
nlohmann::json build_comfy_graph(const pipeline::GenerationRequest& request, uint64_t seed,
                                 const ComfyGraphInputs& inputs);

// The steps and denoise KSampler gets: img2img and ordinary inpainting run int(steps * strength)
// steps of a `steps`-long schedule, as diffusers and A1111 do (ComfyUI stretches the schedule to
// steps / denoise and runs its last `steps`).
struct ComfySteps {
    int steps = 0;
    double denoise = 1.0;
};
ComfySteps comfy_steps(const pipeline::GenerationRequest& request, bool from_image,
                       bool nine_channel);

}  // namespace reverie::remote
