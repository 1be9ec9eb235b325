#include "core/training/scene_batches.h"

#include "core/image/image_tensor.h"
#include "core/text/prompt_chunks.h"

namespace reverie::training {

torch::Tensor render_batch(const std::vector<demo::Scene>& scenes, int size) {
    std::vector<torch::Tensor> images;
    images.reserve(scenes.size());
    for (const auto& s : scenes) images.push_back(image::image_to_tensor(demo::render(s, size)));
    return torch::cat(images, 0);
}

torch::Tensor token_rows(const text::Tokenizer& tokenizer, const std::vector<std::string>& texts) {
    const int64_t len = tokenizer.max_length();
    auto rows = torch::empty({int64_t(texts.size()), len}, torch::kLong);
    auto acc = rows.accessor<int64_t, 2>();
    for (size_t i = 0; i < texts.size(); ++i) {
        const auto ids = text::pad_to_length(tokenizer, tokenizer.encode(texts[i]));
        for (int64_t j = 0; j < len; ++j) acc[int64_t(i)][j] = ids[size_t(j)];
    }
    return rows;
}

}  // namespace reverie::training
