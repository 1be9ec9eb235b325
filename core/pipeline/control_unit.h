#pragma once
// One ControlNet unit of a generation request (A1111's "ControlNet Unit N"): which network, which
// picture, how strongly and during which part of the steps. Plain data.
#include <string>

#include "core/image/control_preprocess.h"
#include "core/image/image.h"
#include "core/image/image_resize.h"

namespace reverie::pipeline {

// A1111's control modes. Every mode multiplies output k of n (the down residuals in the UNet's
// order, then the mid one) by the unit's scale; the two others also by 0.825^(12-k)
// ("soft injection": 0.825^12 ≈ 0.1 for the first skip connection, 1 for k = 12 — SD 1.x's mid
// block; SDXL's 10 outputs get A1111's first ten factors, its mid block 0.825^3).
enum class ControlMode {
    Balanced,  // both halves of the guidance batch get the residuals (diffusers' default)
    Prompt,    // "My prompt is more important": soft injection, both halves
    Control,   // "ControlNet is more important": soft injection, the unconditional half gets none,
               // so guidance pushes towards the control as much as towards the prompt
};

struct ControlUnit {
    std::string model;   // a diffusers ControlNet folder or an original-layout .safetensors
    std::string name;    // what the PNG calls it (the folder's or the file's name); "" = from model
    image::Image image;  // the control picture (or the preprocessor's input); empty: the init image
    double scale = 1.0;  // diffusers' controlnet_conditioning_scale, A1111's "Weight"
    // The fraction of the steps where it acts: step i of N runs with it unless i/N < start or
    // (i+1)/N > end (diffusers' control_guidance_start/end).
    double start = 0.0, end = 1.0;
    ControlMode mode = ControlMode::Balanced;
    image::ControlPreprocess preprocess = image::ControlPreprocess::None;
    image::CannyThresholds canny;  // used by the Canny preprocessor only
    // How the picture is fitted to the output size (A1111's default: just resize).
    image::ResizeMode resize = image::ResizeMode::JustResize;
};

}  // namespace reverie::pipeline
