#include "app/worker/generation_controller.h"

#include "app/worker/generation_worker.h"
#include "app/worker/request_builder.h"

namespace reverie::app {

GenerationController::GenerationController(QObject* parent) : QObject(parent) {
    qRegisterMetaType<WorkerJob>();
    qRegisterMetaType<ui::GenerationSettings>();
    thread_.setObjectName(QStringLiteral("generation"));
    worker_ = new GenerationWorker;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(this, &GenerationController::runJob, worker_, &GenerationWorker::run,
            Qt::QueuedConnection);
    // Worker -> controller: queued, as the receiver lives in this (the GUI) thread.
    connect(worker_, &GenerationWorker::status, this, &GenerationController::status);
    connect(worker_, &GenerationWorker::progress, this, &GenerationController::progress);
    connect(worker_, &GenerationWorker::preview, this, &GenerationController::preview);
    connect(worker_, &GenerationWorker::warning, this, &GenerationController::warning);
    connect(worker_, &GenerationWorker::failed, this, &GenerationController::failed);
    connect(worker_, &GenerationWorker::cancelled, this, &GenerationController::cancelled);
    connect(worker_, &GenerationWorker::previewCost, this, &GenerationController::previewCost);
    connect(worker_, &GenerationWorker::imageReady, this, &GenerationController::onImageReady);
    connect(worker_, &GenerationWorker::jobDone, this, &GenerationController::onJobDone);
    thread_.start();
}

GenerationController::~GenerationController() {
    for (Pending& p : pending_) p.cancel->store(true);
    thread_.quit();
    thread_.wait();
}

void GenerationController::submit(const ui::GenerationSettings& settings, const QImage& image,
                                  const QImage& mask) {
    WorkerJob job;
    job.model_path = settings.model_path;
    job.engine = engine_;
    for (const int64_t seed : batch_seeds(settings, random_seed()))
        job.requests.push_back(build_request(settings, image, mask, seed));
    pending_.push_back({settings, job.cancel});
    Q_EMIT runJob(job);
}

void GenerationController::cancel() {
    for (Pending& p : pending_) p.cancel->store(true);
}

void GenerationController::onImageReady(const QImage& image, const QString& parameters, qint64 seed,
                                        int) {
    if (pending_.empty()) return;
    ui::GenerationSettings used = pending_.front().settings;
    used.seed = seed;
    used.batch_count = 1;
    Q_EMIT finished(image, parameters, used);
}

void GenerationController::onJobDone() {
    if (!pending_.empty()) pending_.pop_front();
    Q_EMIT jobEnded();
}

}  // namespace reverie::app
