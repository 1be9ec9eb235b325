#include "core/pipeline/control_parameters.h"

#include <cstdlib>
#include <map>

#include "core/common/error.h"
#include "core/image/generation_parameters.h"

namespace reverie::pipeline {
namespace {

struct ModeNames {
    ControlMode mode;
    const char* name;
    const char* label;
};
const ModeNames kModes[] = {
    {ControlMode::Balanced, "balanced", "Balanced"},
    {ControlMode::Prompt, "prompt", "My prompt is more important"},
    {ControlMode::Control, "control", "ControlNet is more important"},
};

const std::pair<image::ResizeMode, const char*> kResize[] = {
    {image::ResizeMode::JustResize, "Just Resize"},
    {image::ResizeMode::CropAndResize, "Crop and Resize"},
    {image::ResizeMode::ResizeAndFill, "Resize and Fill"},
};

// A1111's module names for what Reverie's preprocessors do.
const std::pair<const char*, image::ControlPreprocess> kModules[] = {
    {"tile_resample", image::ControlPreprocess::Tile},
    {"inpaint_only", image::ControlPreprocess::Inpaint},
    {"inpaint_global_harmonious", image::ControlPreprocess::Inpaint},
    {"invert (from white bg & black line)", image::ControlPreprocess::Scribble},
};

double number(const std::string& key, const std::string& value) {
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0')
        throw Error("ControlNet parameters: '" + key + "' is not a number: '" + value + "'");
    return v;
}

}  // namespace

const char* control_mode_label(ControlMode mode) {
    for (const auto& m : kModes)
        if (m.mode == mode) return m.label;
    return "Balanced";
}

const char* control_mode_name(ControlMode mode) {
    for (const auto& m : kModes)
        if (m.mode == mode) return m.name;
    return "balanced";
}

bool control_mode_from_name(const std::string& name, ControlMode& mode) {
    for (const auto& m : kModes)
        if (name == m.name || name == m.label) {
            mode = m.mode;
            return true;
        }
    return false;
}

std::string control_unit_text(const ControlUnit& u) {
    const char* resize = "Just Resize";
    for (const auto& [mode, label] : kResize)
        if (mode == u.resize) resize = label;
    return std::string("Module: ") + image::control_preprocess_name(u.preprocess) +
           ", Model: " + u.name + ", Weight: " + image::format_a1111_number(u.scale) +
           ", Resize Mode: " + resize +
           (u.preprocess == image::ControlPreprocess::Canny
                ? ", Threshold A: " + image::format_a1111_number(u.canny.low) +
                      ", Threshold B: " + image::format_a1111_number(u.canny.high)
                : std::string()) +
           ", Guidance Start: " + image::format_a1111_number(u.start) +
           ", Guidance End: " + image::format_a1111_number(u.end) +
           ", Control Mode: " + control_mode_label(u.mode);
}

ControlUnit parse_control_unit_text(const std::string& text) {
    // sd-webui-controlnet's parse: "Key: value" pairs separated by ", ".
    ControlUnit u;
    // A1111 writes Threshold A / B for every module with its own meaning each; they are Canny's
    // thresholds only when the module is canny.
    image::CannyThresholds thresholds;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find(", ", pos);
        if (end == std::string::npos) end = text.size();
        const std::string item = text.substr(pos, end - pos);
        pos = end + 2;
        const size_t colon = item.find(": ");
        if (colon == std::string::npos) continue;
        const std::string key = item.substr(0, colon), value = item.substr(colon + 2);
        if (key == "Model") u.name = value;
        if (key == "Weight") u.scale = number(key, value);
        if (key == "Guidance Start") u.start = number(key, value);
        if (key == "Guidance End") u.end = number(key, value);
        if (key == "Threshold A") thresholds.low = number(key, value);
        if (key == "Threshold B") thresholds.high = number(key, value);
        if (key == "Control Mode" && !control_mode_from_name(value, u.mode))
            throw Error("ControlNet parameters: unknown control mode '" + value + "'");
        if (key == "Resize Mode")
            for (const auto& [mode, label] : kResize)
                if (value == label) u.resize = mode;
        if (key == "Module") {
            if (auto p = image::control_preprocess_from_name(value)) u.preprocess = *p;
            for (const auto& [name, p] : kModules)
                if (value == name) u.preprocess = p;
        }
    }
    if (u.preprocess == image::ControlPreprocess::Canny) u.canny = thresholds;
    return u;
}

std::vector<ControlUnit> control_units_from_extra(
    const std::vector<std::pair<std::string, std::string>>& extra) {
    std::map<int, ControlUnit> by_index;
    const std::string head = "ControlNet ";
    for (const auto& [key, value] : extra) {
        if (key.compare(0, head.size(), head) != 0) continue;
        const std::string index = key.substr(head.size());
        char* end = nullptr;
        const long i = std::strtol(index.c_str(), &end, 10);
        if (index.empty() || *end != '\0' || i < 0 || i > 64) continue;
        by_index[int(i)] = parse_control_unit_text(value);
    }
    std::vector<ControlUnit> out;
    for (auto& [i, u] : by_index) out.push_back(std::move(u));
    return out;
}

}  // namespace reverie::pipeline
