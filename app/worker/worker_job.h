#pragma once
// One job for the generation worker: a model, how to run it, and the requests of a batch (run one
// after another). The cancel flag is shared by the controller, which sets it, and the pipeline,
// which polls it before every UNet call.
#include <QMetaType>
#include <QString>
#include <atomic>
#include <memory>
#include <vector>

#include "app/worker/engine_options.h"
#include "core/pipeline/generation_request.h"

namespace reverie::app {

struct WorkerJob {
    QString model_path;  // empty: the built-in model
    EngineOptions engine;
    std::vector<pipeline::GenerationRequest> requests;
    std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace reverie::app

Q_DECLARE_METATYPE(reverie::app::WorkerJob)
