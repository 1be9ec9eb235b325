#pragma once
// PNG text chunks without OpenCV (which can neither write nor return them): AUTOMATIC1111,
// ComfyUI and Reverie keep the generation settings in a text chunk keyed "parameters".
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace reverie::image {

// UTF-8 key/value pairs in file order.
using TextChunks = std::vector<std::pair<std::string, std::string>>;

// Reads every tEXt, zTXt and iTXt chunk. Hostile input is survived: a chunk with a bad length
// ends the walk, a chunk with a bad CRC or undecodable text is skipped, and compressed text is
// capped at 16 MiB. tEXt is Latin-1 by the spec but is taken as UTF-8 when it is valid UTF-8.
TextChunks read_png_text(const uint8_t* data, size_t size);
// Same, from a file; throws reverie::Error when the file cannot be read or is not a PNG.
TextChunks read_png_text_file(const std::string& path);
// The "parameters" text of a PNG file, if it has one.
std::optional<std::string> read_png_parameters(const std::string& path);

// Returns a copy of `png` with `chunks` inserted before the first IDAT, replacing any text chunks
// with the same keywords. ASCII text goes in tEXt, anything else in uncompressed UTF-8 iTXt.
// Throws reverie::Error when `png` is not a well-formed PNG or a keyword is not 1..79 Latin-1
// characters.
std::vector<uint8_t> insert_png_text(const std::vector<uint8_t>& png, const TextChunks& chunks);

}  // namespace reverie::image
