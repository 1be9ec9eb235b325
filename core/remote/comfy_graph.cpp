#include "core/remote/comfy_graph.h"

#include <algorithm>

#include "core/common/error.h"
#include "core/remote/comfy_object_info.h"

namespace reverie::remote {

namespace {

using json = nlohmann::json;

// Numbered nodes in the order added, as ComfyUI's own front end numbers them.
class Graph {
  public:
    std::string add(const std::string& class_type, json inputs, std::string id = {}) {
        if (id.empty()) id = std::to_string(++count_);
        nodes_[id] = {{"class_type", class_type}, {"inputs", std::move(inputs)}};
        return id;
    }
    static json out(const std::string& id, int index) { return json::array({id, index}); }
    json take() { return std::move(nodes_); }

  private:
    json nodes_ = json::object();
    int count_ = 0;
};

}  // namespace

ComfySteps comfy_steps(const pipeline::GenerationRequest& r, bool from_image, bool nine_channel) {
    if (r.steps < 1) throw Error("Steps must be at least 1, got " + std::to_string(r.steps) + ".");
    if (!from_image || nine_channel) return {r.steps, 1.0};
    if (r.strength <= 0.0 || r.strength > 1.0)
        throw Error("Strength must be in (0, 1] for image to image.");
    return {std::max(1, int(r.steps * r.strength)), r.strength};
}

json build_comfy_graph(const pipeline::GenerationRequest& r, uint64_t seed,
                       const ComfyGraphInputs& in) {
    if (in.checkpoint.empty()) throw Error("No checkpoint chosen for the ComfyUI server.");
    if (!in.mask_image.empty() && in.init_image.empty())
        throw Error("An inpainting mask needs a picture to inpaint.");
    if (in.outpaint && in.init_image.empty()) throw Error("Outpainting needs a picture to extend.");
    const ComfySampler sampler = comfy_sampler(r.sampler, r.karras);
    const bool from_image = !in.init_image.empty();
    const bool masked = !in.mask_image.empty() || in.outpaint.has_value();
    const bool nine = masked && in.inpaint_model == ComfyInpaintModel::NineChannel;
    const ComfySteps steps = comfy_steps(r, from_image, nine);

    Graph g;
    json loader_inputs = {{"ckpt_name", in.checkpoint}};
    if (in.loader_takes_config) loader_inputs["config_name"] = config_name_for(in.checkpoint);
    const std::string loader = g.add(in.loader, loader_inputs);
    json model = Graph::out(loader, 0), clip = Graph::out(loader, 1), vae = Graph::out(loader, 2);

    for (const ComfyLora& lora : in.loras) {
        const std::string id = g.add("LoraLoader", {{"model", model},
                                                    {"clip", clip},
                                                    {"lora_name", lora.name},
                                                    {"strength_model", lora.strength_model},
                                                    {"strength_clip", lora.strength_clip}});
        model = Graph::out(id, 0);
        clip = Graph::out(id, 1);
    }
    // A1111's clip skip N is ComfyUI's stop_at_clip_layer -N.
    if (r.clip_skip > 1)
        clip = Graph::out(
            g.add("CLIPSetLastLayer", {{"clip", clip}, {"stop_at_clip_layer", -r.clip_skip}}), 0);
    json positive = Graph::out(g.add("CLIPTextEncode", {{"clip", clip}, {"text", r.prompt}}), 0);
    json negative =
        Graph::out(g.add("CLIPTextEncode", {{"clip", clip}, {"text", r.negative_prompt}}), 0);

    for (const ComfyControlUnit& unit : in.controls) {
        const std::string net = g.add("ControlNetLoader", {{"control_net_name", unit.model}});
        const std::string image = g.add("LoadImage", {{"image", unit.image}});
        const std::string apply =
            g.add("ControlNetApplyAdvanced", {{"positive", positive},
                                              {"negative", negative},
                                              {"control_net", Graph::out(net, 0)},
                                              {"image", Graph::out(image, 0)},
                                              {"strength", unit.strength},
                                              {"start_percent", unit.start},
                                              {"end_percent", unit.end},
                                              {"vae", vae}});
        positive = Graph::out(apply, 0);
        negative = Graph::out(apply, 1);
    }

    json latent;
    if (!from_image) {
        latent = Graph::out(g.add("EmptyLatentImage",
                                  {{"width", r.width}, {"height", r.height}, {"batch_size", 1}}),
                            0);
    } else {
        json pixels = Graph::out(g.add("LoadImage", {{"image", in.init_image}}), 0);
        json mask;
        if (in.outpaint) {
            const ComfyOutpaint& o = *in.outpaint;
            const std::string pad = g.add("ImagePadForOutpaint", {{"image", pixels},
                                                                  {"left", o.left},
                                                                  {"top", o.top},
                                                                  {"right", o.right},
                                                                  {"bottom", o.bottom},
                                                                  {"feathering", o.feathering}});
            pixels = Graph::out(pad, 0);
            mask = Graph::out(pad, 1);
        }
        if (!in.mask_image.empty())
            mask = Graph::out(
                g.add("LoadImageMask", {{"image", in.mask_image}, {"channel", "red"}}), 0);
        if (nine) {
            // grow_mask_by 0: the mask arrives prepared (grown, blurred) as the local engine uses
            // it.
            latent = Graph::out(
                g.add("VAEEncodeForInpaint",
                      {{"pixels", pixels}, {"vae", vae}, {"mask", mask}, {"grow_mask_by", 0}}),
                0);
        } else {
            latent = Graph::out(g.add("VAEEncode", {{"pixels", pixels}, {"vae", vae}}), 0);
            if (masked)
                latent = Graph::out(
                    g.add("SetLatentNoiseMask", {{"samples", latent}, {"mask", mask}}), 0);
        }
    }

    const std::string ksampler = g.add("KSampler", {{"model", model},
                                                    {"seed", seed},
                                                    {"steps", steps.steps},
                                                    {"cfg", r.cfg_scale},
                                                    {"sampler_name", sampler.sampler_name},
                                                    {"scheduler", sampler.scheduler},
                                                    {"positive", positive},
                                                    {"negative", negative},
                                                    {"latent_image", latent},
                                                    {"denoise", steps.denoise}});
    const std::string decode =
        g.add("VAEDecode", {{"samples", Graph::out(ksampler, 0)}, {"vae", vae}});
    g.add("PreviewImage", {{"images", Graph::out(decode, 0)}}, kComfyOutputNode);
    return g.take();
}

}  // namespace reverie::remote
