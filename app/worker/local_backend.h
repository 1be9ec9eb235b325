#pragma once
// The engine on this machine as a Backend: a GenerationWorker on a thread of its own (LibTorch,
// the model cache, the live-preview decoding from latents). Cancel is the job's atomic flag,
// which the pipeline polls before every UNet call. (BackendJob::loras wait for issue 21's engine
// support; the studio sends none yet.)
#include <QThread>
#include <atomic>
#include <deque>
#include <memory>

#include "app/backend/backend.h"
#include "app/worker/engine_options.h"
#include "app/worker/worker_job.h"

namespace reverie::app {

class GenerationWorker;

class LocalBackend : public Backend {
    Q_OBJECT
  public:
    explicit LocalBackend(QObject* parent = nullptr);
    // Cancels what runs, then waits for the thread (the current UNet step ends first).
    ~LocalBackend() override;

    void setEngineOptions(const EngineOptions& options) { engine_ = options; }
    const EngineOptions& engineOptions() const { return engine_; }
    // Lives in the generation thread. For tests that watch it with direct connections.
    GenerationWorker* worker() const { return worker_; }

    void submit(const BackendJob& job) override;
    void cancel() override;

  Q_SIGNALS:
    // To the worker thread; not for other connections.
    void runJob(const reverie::app::WorkerJob& job);

  private:
    QThread thread_;
    GenerationWorker* worker_;
    EngineOptions engine_;
    std::deque<std::shared_ptr<std::atomic<bool>>> running_;  // cancel flags of jobs not ended
};

}  // namespace reverie::app
