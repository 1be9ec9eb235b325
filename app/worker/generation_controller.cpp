#include "app/worker/generation_controller.h"

#include <algorithm>

#include "app/remote/comfy_backend.h"
#include "app/worker/adapter_scan.h"
#include "app/worker/local_backend.h"
#include "app/worker/request_builder.h"
#include "core/adapters/prompt_loras.h"
#include "core/common/error.h"

namespace reverie::app {

GenerationController::GenerationController(QObject* parent)
    : QObject(parent),
      local_(std::make_unique<LocalBackend>()),
      remote_(std::make_unique<ComfyBackend>()),
      active_(local_.get()) {
    qRegisterMetaType<ui::GenerationSettings>();
    follow(local_.get());
    follow(remote_.get());
}

// Members go in reverse: the server's backend, then the local one, which cancels and waits.
GenerationController::~GenerationController() = default;

void GenerationController::follow(Backend* b) {
    connect(b, &Backend::status, this, &GenerationController::status);
    connect(b, &Backend::progress, this, &GenerationController::progress);
    connect(b, &Backend::preview, this, &GenerationController::preview);
    connect(b, &Backend::warning, this, &GenerationController::warning);
    connect(b, &Backend::failed, this, &GenerationController::failed);
    connect(b, &Backend::cancelled, this, &GenerationController::cancelled);
    connect(b, &Backend::previewCost, this, &GenerationController::previewCost);
    connect(b, &Backend::imageReady, this, &GenerationController::onImageReady);
    connect(b, &Backend::jobDone, this, &GenerationController::onJobDone);
}

void GenerationController::setEngineOptions(const EngineOptions& options) {
    local_->setEngineOptions(options);
}

const EngineOptions& GenerationController::engineOptions() const {
    return local_->engineOptions();
}

void GenerationController::useRemote(bool remote, const ComfyConnection& connection) {
    if (remote) remote_->setConnection(connection);
    active_ = remote ? static_cast<Backend*>(remote_.get()) : local_.get();
}

bool GenerationController::usesRemote() const {
    return active_ == remote_.get();
}

GenerationWorker* GenerationController::worker() const {
    return local_->worker();
}

namespace {

// A server loads LoRAs by name (LoraLoader), not from the prompt: the `<lora:NAME:W>` tags of the
// prompts become the job's LoRAs and leave the text the server encodes, as the engine does here.
// A malformed tag stays in the prompt; the server then sees it as text, as A1111 would not, but
// the local engine reports it, so it is seen there.
void take_prompt_loras(BackendJob& job) {
    for (pipeline::GenerationRequest& r : job.requests) {
        try {
            const adapters::PromptLoras positive = adapters::extract_prompt_loras(r.prompt);
            const adapters::PromptLoras negative =
                adapters::extract_prompt_loras(r.negative_prompt);
            r.prompt = positive.text;
            r.negative_prompt = negative.text;
            if (&r != &job.requests.front()) continue;  // one set for the whole batch
            for (const auto* tags : {&positive, &negative})
                for (const adapters::PromptLora& l : tags->loras)
                    job.loras.push_back({l.name, l.unet});
        } catch (const Error&) {
            return;
        }
    }
}

}  // namespace

void GenerationController::submit(const ui::GenerationSettings& settings, const QImage& image,
                                  const QImage& mask) {
    BackendJob job;
    job.model = settings.model_path;
    const AdapterFolders folders = adapter_folders(model_folders_, settings.model_path);
    for (const int64_t seed : batch_seeds(settings, random_seed())) {
        job.requests.push_back(build_request(settings, image, mask, seed));
        use_adapter_folders(folders, job.requests.back());
    }
    if (usesRemote()) take_prompt_loras(job);
    pending_.push_back({settings, active_});
    active_->submit(job);
}

void GenerationController::cancel() {
    // Each backend once, whichever holds the jobs.
    if (std::any_of(pending_.begin(), pending_.end(),
                    [&](const Pending& p) { return p.backend == local_.get(); }))
        local_->cancel();
    if (std::any_of(pending_.begin(), pending_.end(),
                    [&](const Pending& p) { return p.backend == remote_.get(); }))
        remote_->cancel();
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
