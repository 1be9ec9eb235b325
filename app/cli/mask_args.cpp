#include "app/cli/mask_args.h"

#include <algorithm>

#include "core/common/error.h"

namespace reverie::cli {

namespace {

image::MaskedContent parse_masked_content(std::string value) {
    // A1111 writes "latent noise"; on a command line the dash is easier.
    std::replace(value.begin(), value.end(), '-', ' ');
    if (auto mode = image::masked_content_from_name(value)) return *mode;
    throw Error("--masked-content must be fill, original, latent-noise or latent-nothing, got '" +
                value + "'");
}

bool parse_soft(const std::string& value) {
    if (value == "soft") return true;
    if (value == "hard") return false;
    throw Error("--mask-mode must be hard or soft, got '" + value + "'");
}

}  // namespace

void read_mask_options(const Args& args, pipeline::MaskOptions& o) {
    o.blur = args.get_double("mask-blur", o.blur);
    if (o.blur < 0) throw Error("--mask-blur must not be negative");
    o.grow = int(args.get_int("mask-grow", o.grow));
    if (args.flag("invert-mask")) o.invert = true;
    if (auto m = args.get("masked-content")) o.masked_content = parse_masked_content(*m);
    if (auto m = args.get("mask-mode")) o.soft = parse_soft(*m);
    o.inpaint_full_res = args.flag("inpaint-full-res");
    o.padding = int(args.get_int("inpaint-padding", o.padding));
    if (o.padding < 0) throw Error("--inpaint-padding must not be negative");
    if (auto m = args.get("latent-mask")) o.latent_mask = parse_latent_mask(*m);
}

}  // namespace reverie::cli
