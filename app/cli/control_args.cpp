#include "app/cli/control_args.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "core/common/error.h"
#include "core/image/image_io.h"
#include "core/pipeline/control_parameters.h"

namespace reverie::cli {
namespace {

double number(const std::string& option, const std::string& value) {
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !std::isfinite(v))
        throw Error("option --" + option + " expects a number, got '" + value + "'");
    return v;
}

image::ResizeMode resize_mode(const std::string& value) {
    if (value == "just-resize") return image::ResizeMode::JustResize;
    if (value == "crop-and-resize") return image::ResizeMode::CropAndResize;
    if (value == "resize-and-fill") return image::ResizeMode::ResizeAndFill;
    throw Error("--control-resize must be just-resize, crop-and-resize or resize-and-fill, got '" +
                value + "'");
}

// The name the PNG records: the folder's or the file's (A1111 writes the file's stem).
std::string unit_name(const std::string& path) {
    std::filesystem::path p(path);
    if (!p.has_filename()) p = p.parent_path();
    return std::filesystem::is_directory(p) ? p.filename().string() : p.stem().string();
}

// "LOW,HIGH": Canny's hysteresis thresholds (0 <= LOW <= HIGH).
image::CannyThresholds canny_thresholds(const std::string& value) {
    const size_t comma = value.find(',');
    if (comma == std::string::npos)
        throw Error("--control-canny takes LOW,HIGH (e.g. 100,200), got '" + value + "'");
    image::CannyThresholds t;
    t.low = number("control-canny", value.substr(0, comma));
    t.high = number("control-canny", value.substr(comma + 1));
    if (!(t.low >= 0 && t.high >= t.low && t.high <= 10000))
        throw Error("--control-canny needs 0 <= LOW <= HIGH, got '" + value + "'");
    return t;
}

}  // namespace

const std::set<std::string>& control_options() {
    static const std::set<std::string> names = {
        "controlnet",   "control-image",      "control-scale",  "control-start", "control-end",
        "control-mode", "control-preprocess", "control-resize", "control-canny"};
    return names;
}

std::vector<pipeline::ControlUnit> parse_control_units(
    const Args& args, const std::vector<pipeline::ControlUnit>& from_png) {
    std::vector<pipeline::ControlUnit> units;
    std::set<std::string> seen;  // options given for the current unit
    for (const auto& [option, value] : args.in_order(control_options())) {
        if (option == "controlnet") {
            pipeline::ControlUnit u =
                units.size() < from_png.size() ? from_png[units.size()] : pipeline::ControlUnit{};
            u.model = value;
            u.name = unit_name(value);
            units.push_back(u);
            seen.clear();
            continue;
        }
        if (units.empty())
            throw Error("--" + option +
                        " belongs to a ControlNet unit: give --controlnet PATH first");
        if (!seen.insert(option).second)
            throw Error("--" + option + " is given twice for ControlNet unit " +
                        std::to_string(units.size() - 1));
        pipeline::ControlUnit& u = units.back();
        if (option == "control-image") u.image = image::load_image(value).rgb;
        if (option == "control-scale") u.scale = number(option, value);
        if (option == "control-start") u.start = number(option, value);
        if (option == "control-end") u.end = number(option, value);
        if (option == "control-resize") u.resize = resize_mode(value);
        if (option == "control-canny") u.canny = canny_thresholds(value);
        if (option == "control-mode" && !pipeline::control_mode_from_name(value, u.mode))
            throw Error("--control-mode must be balanced, prompt or control, got '" + value + "'");
        if (option == "control-preprocess") {
            const auto p = image::control_preprocess_from_name(value);
            if (!p)
                throw Error(
                    "--control-preprocess must be none, canny, scribble, tile or inpaint, got '" +
                    value + "'");
            u.preprocess = *p;
        }
    }
    if (units.size() < from_png.size())
        throw Error("the PNG's settings use ControlNet '" + from_png[units.size()].name +
                    "' as unit " + std::to_string(units.size()) +
                    "; give --controlnet PATH --control-image IMAGE for it (a PNG keeps neither)");
    return units;
}

}  // namespace reverie::cli
