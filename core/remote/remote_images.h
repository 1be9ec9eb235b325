#pragma once
// The pictures of a remote job, made ready on this side as the local engine makes them ready, and
// the server's answer put back: the server gets the picture at the job's size and the mask
// already fitted, grown and blurred; its result is composited over the original with that mask, so
// every pixel the mask keeps comes back byte-identical (pipeline::composite), whatever the server's
// VAE did to it.
#include <string>
#include <vector>

#include "core/image/image.h"
#include "core/pipeline/generation_request.h"

namespace reverie::remote {

struct RemotePictures {
    image::Image init;  // RGB at the job's size; empty for txt2img
    image::Mask mask;   // prepared, white = repaint; empty unless inpainting
    int width = 0;      // the size asked of the server (multiples of 8)
    int height = 0;
    // The ControlNet units' pictures, preprocessed here and fitted to the size (one per unit).
    std::vector<image::Image> controls;
    std::vector<std::string> warnings;
};

// Throws reverie::Error for an empty mask, a size that is not one, or a ControlNet unit a server
// cannot be given (the inpaint preprocessor's -1 pixels are no picture).
RemotePictures prepare_remote_pictures(const pipeline::GenerationRequest& request);

// The server's picture at the job's size, composited over the original when inpainting.
image::Image finish_remote_picture(const RemotePictures& pictures, const image::Image& result);

// Whether a checkpoint's name says it is an inpainting model (9-channel UNet): the server cannot
// be asked, and the convention ("…-inpainting.safetensors") is what people name them by.
bool looks_like_inpainting_model(const std::string& checkpoint);

}  // namespace reverie::remote
