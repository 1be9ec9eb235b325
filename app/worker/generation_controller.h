#pragma once
// The GUI thread's side of generation: turns the prompt panel's settings and the canvas into a
// worker job, and the worker's signals into the studio's. It talks to the worker only through
// queued signals and never waits for it, except once, when it is destroyed at exit.
//
// Per submitted job: status/progress/preview, finished once per image, failed or cancelled when
// the job ends early, and jobEnded always, last. Jobs run in the order submitted; the studio's
// queue (MainWindow) submits the next one when jobEnded arrives.
#include <QImage>
#include <QObject>
#include <QThread>
#include <atomic>
#include <deque>
#include <memory>

#include "app/worker/engine_options.h"
#include "app/worker/worker_job.h"
#include "ui/generation_settings.h"

namespace reverie::app {

class GenerationWorker;

class GenerationController : public QObject {
    Q_OBJECT
  public:
    explicit GenerationController(QObject* parent = nullptr);
    // Cancels what runs, then waits for the thread (the current UNet step ends first).
    ~GenerationController() override;

    void setEngineOptions(const EngineOptions& options) { engine_ = options; }
    const EngineOptions& engineOptions() const { return engine_; }
    bool isBusy() const { return !pending_.empty(); }
    // Lives in the generation thread. For tests that watch it with direct connections.
    GenerationWorker* worker() const { return worker_; }

  public Q_SLOTS:
    void submit(const reverie::ui::GenerationSettings& settings, const QImage& image,
                const QImage& mask);
    // Stops every submitted job that has not ended: the running one before its next UNet call.
    void cancel();

  Q_SIGNALS:
    void status(const QString& message);
    void progress(int step, int total, double itPerSec);
    void preview(const QImage& image);
    // `settings` are the job's with the seed this image used and a batch count of 1, so
    // restoring them reproduces this image.
    void finished(const QImage& image, const QString& parameters,
                  const reverie::ui::GenerationSettings& settings);
    void warning(const QString& message);
    void failed(const QString& message);
    void cancelled();
    void previewCost(double previewSeconds, double totalSeconds, int taesdPreviews,
                     int linearPreviews);
    void jobEnded();

    // To the worker thread; not for other connections.
    void runJob(const reverie::app::WorkerJob& job);

  private:
    struct Pending {
        ui::GenerationSettings settings;
        std::shared_ptr<std::atomic<bool>> cancel;
    };

    void onImageReady(const QImage& image, const QString& parameters, qint64 seed, int index);
    void onJobDone();

    QThread thread_;
    GenerationWorker* worker_;
    EngineOptions engine_;
    std::deque<Pending> pending_;  // submitted, not ended; the front one runs
};

}  // namespace reverie::app
