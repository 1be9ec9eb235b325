#pragma once
// A ControlNet unit <-> its A1111 infotext entry, `ControlNet 0: "Module: canny, Model: name,
// Weight: 0.8, Resize Mode: Just Resize, Guidance Start: 0, Guidance End: 1, Control Mode:
// Balanced"` (sd-webui-controlnet's infotext; the PNG carries neither the picture nor the path).
#include <string>
#include <utility>
#include <vector>

#include "core/pipeline/control_unit.h"

namespace reverie::pipeline {

// The text of one unit (the value of "ControlNet N").
std::string control_unit_text(const ControlUnit& unit);
// Reads such a text back: name, scale, window, mode, preprocessor, resize mode. Unknown keys are
// ignored; a value that does not parse throws reverie::Error naming it.
ControlUnit parse_control_unit_text(const std::string& text);

// The "ControlNet N" entries of a settings line's extra fields, in unit order.
std::vector<ControlUnit> control_units_from_extra(
    const std::vector<std::pair<std::string, std::string>>& extra);

// A1111's labels of the control modes and resize modes.
const char* control_mode_label(ControlMode mode);
const char* control_mode_name(ControlMode mode);  // balanced, prompt, control (the CLI's)
bool control_mode_from_name(const std::string& name, ControlMode& mode);

}  // namespace reverie::pipeline
