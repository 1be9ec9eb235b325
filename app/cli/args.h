#pragma once
// A small, strict option parser: `--name value`, `--name=value`, boolean `--flag`, positionals.
// Unknown options are errors so typos never pass silently.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include "core/image/latent_mask_mode.h"

namespace reverie::cli {

class Args {
  public:
    // `valued` lists options that take a value, `flags` those that do not. Throws reverie::Error.
    Args(const std::vector<std::string>& argv, const std::set<std::string>& valued,
         const std::set<std::string>& flags);

    bool flag(const std::string& name) const { return flags_.count(name) != 0; }
    // The last value given; get_all: every one, in order (repeatable options such as --lora).
    std::optional<std::string> get(const std::string& name) const;
    std::vector<std::string> get_all(const std::string& name) const;
    std::string get_or(const std::string& name, const std::string& fallback) const;
    int64_t get_int(const std::string& name, int64_t fallback) const;
    double get_double(const std::string& name, double fallback) const;
    const std::vector<std::string>& positional() const { return positional_; }
    // Every occurrence of the options in `names`, in command-line order: for options that repeat
    // and apply to the one before them (`--controlnet A --control-scale 0.5 --controlnet B`).
    // get() sees only the last of each.
    std::vector<std::pair<std::string, std::string>> in_order(
        const std::set<std::string>& names) const;

  private:
    std::vector<std::pair<std::string, std::string>> sequence_;  // every valued option, in order
    std::map<std::string, std::vector<std::string>> values_;
    std::set<std::string> flags_;
    std::vector<std::string> positional_;
};

// The value of --latent-mask; throws reverie::Error naming the choices.
image::LatentMaskMode parse_latent_mask(const std::string& value);

// The value of --device (core/common/device_policy.h): cpu; cuda, an error without a usable GPU;
// auto, the GPU when there is one, saying on stderr which it picked.
torch::Device parse_device(const std::string& value);
// The value of --dtype as written: fp32, fp16 or bf16.
torch::ScalarType parse_dtype_name(const std::string& value);
// The value of --dtype for `device`: fp16 on the CPU runs as fp32, noted.
torch::ScalarType parse_dtype(const std::string& value, const torch::Device& device);

}  // namespace reverie::cli
