#pragma once
// The settings of one generation, and AUTOMATIC1111's "infotext" that carries them in PNGs:
//   <prompt, possibly several lines>
//   Negative prompt: <negative, possibly several lines>
//   Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 123, Size: 512x512, Model: name
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace reverie::image {

struct GenerationParameters {
    std::string prompt;
    std::string negative_prompt;
    int steps = 20;
    // Reverie sampler name (euler_a, dpmpp_2m, ...), or A1111's label verbatim when Reverie has
    // no such sampler, so it survives a round trip.
    std::string sampler = "euler_a";
    bool karras = false;
    double cfg_scale = 7.0;
    uint64_t seed = 0;
    int width = 512;
    int height = 512;
    std::string model_hash;  // empty: not written
    std::string model;       // empty: not written
    int clip_skip = 1;       // written only when > 1, as A1111 does
    std::optional<double> denoising_strength;
    // Every other "Key: value" of the settings line, in order, values unquoted.
    std::vector<std::pair<std::string, std::string>> extra;
};

// A1111's format exactly: values holding ',', ':' or a newline are JSON-quoted.
std::string to_a1111_text(const GenerationParameters& params);
// A1111's parse_generation_parameters: the last line is the settings line only when it holds at
// least 3 "Key: value" pairs; a value that fails to parse as its field is kept in `extra`.
// "Schedule type: Karras" (A1111 1.9+) sets `karras`.
GenerationParameters parse_a1111_text(const std::string& text);

// A number as A1111 writes it: integers without a point, others as the shortest text that reads
// back to the same double.
std::string format_a1111_number(double v);

// A1111's quote(): JSON-quotes text containing ',', ':' or '\n'.
std::string a1111_quote(const std::string& value);

}  // namespace reverie::image
