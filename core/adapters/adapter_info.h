#pragma once
// What an adapter file is, for `reverie-cli info` and the family check: kind, the model family it
// was trained for, rank, which networks it targets, trigger words.
#include <map>
#include <string>
#include <vector>

#include "core/adapters/adapter_file.h"

namespace reverie::adapters {

// "SDXL", "SD 2.x", "SD 1.x" (io::to_string's names) from the file's metadata (kohya's
// ss_base_model_version / ss_v2, modelspec.architecture) or its names (lora_te1_/lora_te2_,
// text_encoder_2.: SDXL); empty when the file does not say.
std::string adapter_family(const AdapterFile& file);

struct AdapterSummary {
    std::string family;                        // as adapter_family, may be empty
    std::map<std::string, size_t> kinds;       // "LoRA" -> modules
    std::map<std::string, size_t> components;  // "unet" -> modules ("?" unknown prefix)
    std::map<int64_t, size_t> ranks;           // rank -> modules
    std::vector<std::string> trigger_words;    // most frequent first (ss_tag_frequency)
};
AdapterSummary summarize(const AdapterFile& file);

// kohya's ss_tag_frequency ({"dataset": {"tag": count, …}, …}): the tags, most frequent first,
// at most `limit`. Malformed metadata gives none.
std::vector<std::string> trigger_words(const std::string& ss_tag_frequency, size_t limit = 10);

}  // namespace reverie::adapters
