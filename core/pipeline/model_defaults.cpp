#include "core/pipeline/model_defaults.h"

namespace reverie::pipeline {

void apply_model_defaults(const io::RecommendedSettings& recommended, GenerationRequest& request) {
    request.sampler = recommended.sampler;
    request.karras = recommended.karras;
    request.steps = recommended.steps;
    request.cfg_scale = recommended.cfg_scale;
    if (recommended.width > 0) request.width = recommended.width;
    if (recommended.height > 0) request.height = recommended.height;
}

}  // namespace reverie::pipeline
