#pragma once
// The ControlNet units of `generate`: each --controlnet PATH starts a unit, and the --control-*
// options after it (up to the next --controlnet) apply to that unit.
#include <set>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "core/pipeline/control_unit.h"

namespace reverie::cli {

// The option names (without "--"), all taking a value.
const std::set<std::string>& control_options();

// The units the command line asks for. `from_png`: the units a --from-png picture recorded
// (settings and names, no pictures): the command line's unit k starts from its settings, and
// every recorded unit needs a --controlnet (and usually a --control-image) again. Throws
// reverie::Error for a --control-* before any --controlnet, a value that is not one, or a
// recorded unit left without its model.
std::vector<pipeline::ControlUnit> parse_control_units(
    const Args& args, const std::vector<pipeline::ControlUnit>& from_png);

}  // namespace reverie::cli
