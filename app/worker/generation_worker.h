#pragma once
// Lives in the generation thread: loads models (keeping the last one while path, device and
// precision stay the same) and runs one job at a time. Every outcome is a signal; nothing it does
// blocks the GUI thread. Per job: status/progress/preview signals, one imageReady per finished
// image, then failed or cancelled when the job ends early, and always jobDone last.
#include <QImage>
#include <QObject>
#include <QRect>
#include <functional>
#include <memory>
#include <string>

#include "app/worker/worker_job.h"

namespace reverie::pipeline {
class LoadedModel;
}

namespace reverie::app {

class GenerationWorker : public QObject {
    Q_OBJECT
  public:
    explicit GenerationWorker(QObject* parent = nullptr);
    ~GenerationWorker() override;

    // For tests: called on the generation thread after each step's signals; it may throw, as a
    // fault deep in the engine would. Set it while no job runs.
    void setStepHook(std::function<void(int step)> hook) { step_hook_ = std::move(hook); }

  public Q_SLOTS:
    void run(const reverie::app::WorkerJob& job);

  Q_SIGNALS:
    void status(const QString& message);
    void progress(int step, int total, double itPerSec);
    // `where`: the crop an "only masked" job renders, in the picture's pixels; empty: all of it.
    void preview(const QImage& image, const QRect& where);
    // `index` counts the images of the job's batch.
    void imageReady(const QImage& image, const QString& parameters, qint64 seed, int index);
    // Something the user should know that did not stop the job (a resized init image...).
    void warning(const QString& message);
    void failed(const QString& message);
    void cancelled();
    // Per image: seconds spent decoding previews and generating, and the previews by kind.
    void previewCost(double previewSeconds, double totalSeconds, int taesdPreviews,
                     int linearPreviews);
    void jobDone();

  private:
    pipeline::LoadedModel& model_for(const WorkerJob& job);
    pipeline::LoadedModel& refiner_for(const WorkerJob& job, const std::string& path);
    void generate(const WorkerJob& job, size_t index, pipeline::LoadedModel& model);

    std::shared_ptr<pipeline::LoadedModel> model_;
    std::string model_key_;
    // The SDXL refiner a request names (A1111's "Refiner"), kept loaded beside the model.
    std::shared_ptr<pipeline::LoadedModel> refiner_;
    std::string refiner_key_;
    double taesd_ns_per_pixel_ = 0.0;
    bool graph_failure_reported_ = false;  // the loaded model's CUDA-graph fallback, said once
    std::function<void(int step)> step_hook_;
};

}  // namespace reverie::app
