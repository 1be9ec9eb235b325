#pragma once
// The procedural scenes as training tensors.
#include <torch/torch.h>

#include <vector>

#include "core/demo/shapes_scene.h"
#include "core/text/tokenizer.h"

namespace reverie::training {

// Pictures of `scenes` as a float [N, 3, size, size] batch in [-1, 1].
torch::Tensor render_batch(const std::vector<demo::Scene>& scenes, int size);

// One padded token row per text (BOS, ids, EOS, pad — what the pipeline feeds the encoder for a
// prompt under the row length), as int64 [N, max_length].
torch::Tensor token_rows(const text::Tokenizer& tokenizer, const std::vector<std::string>& texts);

}  // namespace reverie::training
