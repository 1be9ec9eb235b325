#include "app/worker/local_backend.h"

#include "app/worker/generation_worker.h"

namespace reverie::app {

LocalBackend::LocalBackend(QObject* parent) : Backend(parent) {
    qRegisterMetaType<WorkerJob>();
    thread_.setObjectName(QStringLiteral("generation"));
    worker_ = new GenerationWorker;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(this, &LocalBackend::runJob, worker_, &GenerationWorker::run, Qt::QueuedConnection);
    // Worker -> backend: queued, as the receiver lives in this (the GUI) thread.
    connect(worker_, &GenerationWorker::status, this, &Backend::status);
    connect(worker_, &GenerationWorker::progress, this, &Backend::progress);
    connect(worker_, &GenerationWorker::preview, this, &Backend::preview);
    connect(worker_, &GenerationWorker::warning, this, &Backend::warning);
    connect(worker_, &GenerationWorker::failed, this, &Backend::failed);
    connect(worker_, &GenerationWorker::cancelled, this, &Backend::cancelled);
    connect(worker_, &GenerationWorker::previewCost, this, &Backend::previewCost);
    connect(worker_, &GenerationWorker::imageReady, this, &Backend::imageReady);
    connect(worker_, &GenerationWorker::jobDone, this, [this] {
        if (!running_.empty()) running_.pop_front();
        Q_EMIT jobDone();
    });
    thread_.start();
}

LocalBackend::~LocalBackend() {
    cancel();
    thread_.quit();
    thread_.wait();
}

void LocalBackend::submit(const BackendJob& job) {
    WorkerJob w;
    w.model_path = job.model;
    w.engine = engine_;
    w.requests = job.requests;
    running_.push_back(w.cancel);
    Q_EMIT runJob(w);
}

void LocalBackend::cancel() {
    for (auto& flag : running_) flag->store(true);
}

}  // namespace reverie::app
