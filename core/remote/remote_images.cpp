#include "core/remote/remote_images.h"

#include <algorithm>
#include <cctype>

#include "core/common/error.h"
#include "core/image/image_resize.h"
#include "core/pipeline/control_guidance.h"
#include "core/pipeline/inpaint_mask.h"

namespace reverie::remote {

namespace {

// As the local pipeline: sizes round down to multiples of 8 (the VAE's), with a warning.
int fit_side(int side, const char* what, std::vector<std::string>& warnings) {
    if (side < 8) throw Error(std::string(what) + " must be at least 8 pixels.");
    const int fitted = side / 8 * 8;
    if (fitted != side)
        warnings.push_back(std::string(what) + " " + std::to_string(side) +
                           " was rounded down to " + std::to_string(fitted) +
                           " (a multiple of 8).");
    return fitted;
}

// ControlNet pictures as the local engine makes them (ComfyUI's ControlNetApplyAdvanced reads the
// picture as it comes); what the core node cannot do is refused or said.
void prepare_control_pictures(const pipeline::GenerationRequest& r, RemotePictures& p) {
    for (size_t i = 0; i < r.control.size(); ++i) {
        const pipeline::ControlUnit& u = r.control[i];
        const std::string which = "ControlNet unit " + std::to_string(i) + " ('" + u.name + "')";
        if (u.preprocess == image::ControlPreprocess::Inpaint)
            throw Error(which +
                        ": the inpaint preprocessor (masked pixels at -1) cannot be sent to a "
                        "ComfyUI server as a picture; use it with the local engine.");
        if (u.mode != pipeline::ControlMode::Balanced)
            p.warnings.push_back(which +
                                 ": ComfyUI's ControlNetApplyAdvanced has no control modes; it "
                                 "runs balanced.");
        p.controls.push_back(pipeline::control_picture(u, r.init_image ? &*r.init_image : nullptr,
                                                       p.width, p.height));
    }
}

}  // namespace

RemotePictures prepare_remote_pictures(const pipeline::GenerationRequest& r) {
    RemotePictures p;
    if (!r.init_image) {
        if (r.mask) throw Error("An inpainting mask needs a picture to inpaint.");
        p.width = fit_side(r.width > 0 ? r.width : 512, "Width", p.warnings);
        p.height = fit_side(r.height > 0 ? r.height : 512, "Height", p.warnings);
        prepare_control_pictures(r, p);
        return p;
    }
    const image::Image& init = *r.init_image;
    if (init.empty() || init.channels != 3)
        throw Error("The init image must be a non-empty RGB picture.");
    p.width = fit_side(r.width > 0 ? r.width : init.width, "Width", p.warnings);
    p.height = fit_side(r.height > 0 ? r.height : init.height, "Height", p.warnings);
    p.init = (p.width == init.width && p.height == init.height)
                 ? init
                 : image::resize_image(init, p.width, p.height);
    if (r.mask)
        p.mask = pipeline::prepare_mask(*r.mask, p.width, p.height, r.mask_options, p.warnings);
    prepare_control_pictures(r, p);
    return p;
}

image::Image finish_remote_picture(const RemotePictures& p, const image::Image& result) {
    if (result.empty()) throw Error("The ComfyUI server sent an empty picture.");
    image::Image out = result;
    if (out.channels != 3) throw Error("The ComfyUI server's picture is not RGB.");
    if (out.width != p.width || out.height != p.height)
        out = image::resize_image(out, p.width, p.height);
    if (!p.mask.empty()) out = pipeline::composite(p.init, out, p.mask);
    return out;
}

bool looks_like_inpainting_model(const std::string& checkpoint) {
    std::string lower = checkpoint;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return lower.find("inpaint") != std::string::npos;
}

}  // namespace reverie::remote
