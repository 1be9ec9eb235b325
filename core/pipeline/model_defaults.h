#pragma once
// A model's recommended settings (io::RecommendedSettings: model_index.json's "reverie.defaults",
// or the generic SD ones) applied to a request: the one place the CLI, the studio and the demo
// evaluation take them from. What the user then sets on top is each front end's business.
#include "core/io/model_description.h"
#include "core/pipeline/generation_request.h"

namespace reverie::pipeline {

// Sampler (with its Karras choice), steps and CFG scale; the size only where the model names one
// (0 leaves the request's: the UNet's training size, or the init image's).
void apply_model_defaults(const io::RecommendedSettings& recommended, GenerationRequest& request);

}  // namespace reverie::pipeline
