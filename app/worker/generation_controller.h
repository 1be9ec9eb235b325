#pragma once
// The GUI thread's side of generation: turns the prompt panel's settings and the canvas into a
// backend job, and the backend's events into the studio's. The backend is the engine here
// (LocalBackend: a worker thread it talks to only through queued signals, waiting for it once, at
// exit) or a ComfyUI server (ComfyBackend); the studio sees no difference but speed.
//
// Per submitted job: status/progress/preview, finished once per image, failed or cancelled when
// the job ends early, and jobEnded always, last. Jobs run in the order submitted; the studio's
// queue (MainWindow) submits the next one when jobEnded arrives.
#include <QImage>
#include <QObject>
#include <QStringList>
#include <deque>
#include <memory>

#include "app/remote/comfy_connection.h"
#include "app/worker/engine_options.h"
#include "ui/generation_settings.h"

namespace reverie::app {

class Backend;
class ComfyBackend;
class GenerationWorker;
class LocalBackend;

class GenerationController : public QObject {
    Q_OBJECT
  public:
    explicit GenerationController(QObject* parent = nullptr);
    // Cancels what runs, then waits for the thread (the current UNet step ends first).
    ~GenerationController() override;

    void setEngineOptions(const EngineOptions& options);
    const EngineOptions& engineOptions() const;
    // Where the next submitted jobs run: this machine, or the ComfyUI server of `connection`
    // (the settings' model is then a checkpoint as the server lists it).
    void useRemote(bool remote, const ComfyConnection& connection = {});
    bool usesRemote() const;
    ComfyBackend* remoteBackend() const { return remote_.get(); }
    bool isBusy() const { return !pending_.empty(); }
    // The settings' model folders: a job's prompt finds its LoRAs and embeddings in the folders
    // beside them that the LoRA browser lists (adapter_scan.h).
    void setModelFolders(const QStringList& folders) { model_folders_ = folders; }
    // Lives in the generation thread. For tests that watch it with direct connections.
    GenerationWorker* worker() const;

  public Q_SLOTS:
    void submit(const reverie::ui::GenerationSettings& settings, const QImage& image,
                const QImage& mask);
    // Stops every submitted job that has not ended: the running one before its next UNet call.
    void cancel();

  Q_SIGNALS:
    void status(const QString& message);
    void progress(int step, int total, double itPerSec);
    void preview(const QImage& image, const QRect& where);
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

  private:
    struct Pending {
        ui::GenerationSettings settings;
        Backend* backend;
    };

    void follow(Backend* backend);
    void onImageReady(const QImage& image, const QString& parameters, qint64 seed, int index);
    void onJobDone();

    std::unique_ptr<LocalBackend> local_;
    std::unique_ptr<ComfyBackend> remote_;
    Backend* active_;
    std::deque<Pending> pending_;
    QStringList model_folders_;  // submitted, not ended; the front one runs
};

}  // namespace reverie::app
