#include "app/worker/generation_worker.h"

#include <QElapsedTimer>

#include "app/worker/live_preview.h"
#include "app/worker/qt_image_bridge.h"
#include "core/common/cancelled.h"
#include "core/common/out_of_memory.h"
#include "core/io/builtin_model.h"
#include "core/pipeline/loaded_model.h"
#include "core/pipeline/pipeline.h"

namespace reverie::app {

namespace {

// Steps per second as the user feels it. The first step carries the warm-up, so once a second
// step exists the rate counts from the end of the first.
class StepRate {
  public:
    StepRate() { clock_.start(); }
    double at(int step) {
        const double now = clock_.nsecsElapsed() / 1e9;
        if (step <= 1 || first_ < 0) {
            first_ = now;
            first_step_ = step;
            return now > 0 ? step / now : 0.0;
        }
        const double span = now - first_;
        return span > 0 ? (step - first_step_) / span : 0.0;
    }

  private:
    QElapsedTimer clock_;
    double first_ = -1;
    int first_step_ = 0;
};

// LibTorch's messages carry a C++ backtrace after the first line; the user needs the first line.
QString first_line(const char* what) {
    return QString::fromUtf8(what).section(QLatin1Char('\n'), 0, 0).trimmed();
}

// Its first call
// pays for kernel selection and allocations, so that happens here, under "Loading model…", not in
// the first preview; the second call measures what a preview will cost. Returns nanoseconds per
// latent pixel (0 without TAESD).
double prepare_previews(pipeline::LoadedModel& model) {
    if (!model.taesd) return 0.0;
    c10::InferenceMode guard;
    TaesdDecoder& taesd = *model.taesd;
    constexpr int64_t kSide = 16;
    const torch::Tensor probe = torch::zeros({1, taesd->config().latent_channels, kSide, kSide},
                                             torch::TensorOptions()
                                                 .device(model.device())
                                                 .dtype(taesd->parameters().front().scalar_type()));
    model.run_taesd(probe);
    QElapsedTimer t;
    t.start();
    model.run_taesd(probe).to(torch::kCPU);
    return double(t.nsecsElapsed()) / double(kSide * kSide);
}

}  // namespace

GenerationWorker::GenerationWorker(QObject* parent) : QObject(parent) {}

GenerationWorker::~GenerationWorker() = default;

pipeline::LoadedModel& GenerationWorker::model_for(const WorkerJob& job) {
    const std::string path =
        job.model_path.isEmpty() ? io::builtin_model_path() : job.model_path.toStdString();
    const torch::Device device = resolve_device(job.engine.device);
    QString note;
    const torch::ScalarType dtype = resolve_dtype(job.engine.precision, device, &note);
    if (!note.isEmpty()) Q_EMIT warning(note);
    pipeline::LoadOptions options;
    options.offload = job.engine.offload;
    // Toggling offload reloads the model only where it changes anything (not on the CPU).
    const std::string key = path + '\n' + device.str() + '\n' + std::string(c10::toString(dtype)) +
                            (options.offloads(device) ? "\noffload" : "");
    if (model_ && key == model_key_) return *model_;
    // Free the old model before loading the next: two large models may not fit together.
    model_.reset();
    model_key_.clear();
    // Which device "Automatic" picked is said here, once per load.
    Q_EMIT status(device.is_cuda() ? tr("Loading model on the GPU…")
                                   : tr("Loading model on the CPU…"));
    model_ = pipeline::LoadedModel::load(path, device, dtype, options);
    graph_failure_reported_ = false;
    taesd_ns_per_pixel_ = prepare_previews(*model_);
    model_key_ = key;
    return *model_;
}

pipeline::LoadedModel& GenerationWorker::refiner_for(const WorkerJob& job,
                                                     const std::string& path) {
    const pipeline::LoadedModel& base = *model_;
    const std::string key =
        path + '\n' + base.device().str() + '\n' + std::string(c10::toString(base.dtype()));
    if (refiner_ && key == refiner_key_) return *refiner_;
    refiner_.reset();
    refiner_key_.clear();
    Q_EMIT status(tr("Loading the refiner…"));
    pipeline::LoadOptions options;
    options.offload = job.engine.offload;
    refiner_ = pipeline::LoadedModel::load(path, base.device(), base.dtype(), options);
    refiner_key_ = key;
    return *refiner_;
}

void GenerationWorker::generate(const WorkerJob& job, size_t index, pipeline::LoadedModel& model) {
    if (job.cancel->load()) throw Cancelled();
    if (job.requests.size() > 1)
        Q_EMIT status(tr("Image %1 of %2…").arg(index + 1).arg(job.requests.size()));
    LivePreview live(model, job.engine, taesd_ns_per_pixel_);
    StepRate rate;
    pipeline::PipelineCallbacks callbacks;
    callbacks.cancel = job.cancel.get();
    QRect crop;
    callbacks.on_crop = [&](const image::Box& b) {
        crop = QRect(b.x1, b.y1, b.width(), b.height());
    };
    callbacks.on_step = [&](int step, int total, const torch::Tensor&, const torch::Tensor& x0) {
        Q_EMIT progress(step, total, rate.at(step));
        const QImage image = live.at_step(step, total, x0);
        if (!image.isNull()) Q_EMIT preview(image, crop);
        if (step_hook_) step_hook_(step);
    };
    QElapsedTimer clock;
    clock.start();
    pipeline::GenerationRequest request = job.requests[index];
    pipeline::LoadedModel* refiner = nullptr;
    if (!request.refiner.empty()) {
        refiner = &refiner_for(job, request.refiner);
        request.refiner = refiner->description().name;  // the PNG names it as A1111 does
    }
    const pipeline::GenerationResult result =
        pipeline::generate(model, request, callbacks, refiner);
    Q_EMIT previewCost(live.seconds_spent(), double(clock.nsecsElapsed()) / 1e9, live.taesd_count(),
                       live.linear_count());
    for (const std::string& w : result.warnings) Q_EMIT warning(QString::fromStdString(w));
    // A UNet step that cannot be recorded as a CUDA graph runs eagerly from then on: said once
    // per loaded model (the engine also logs it once on stderr).
    if (!graph_failure_reported_ && !model.unet_graph().fallback_reason().empty() &&
        model.device().is_cuda()) {
        graph_failure_reported_ = true;
        Q_EMIT warning(tr("CUDA graphs are off for this model (steps run without them): %1")
                           .arg(first_line(model.unet_graph().fallback_reason().c_str())));
    }
    Q_EMIT imageReady(to_qimage(result.image), QString::fromStdString(result.parameters),
                      qint64(result.seed), int(index));
}

void GenerationWorker::run(const WorkerJob& job) {
    try {
        if (job.cancel->load()) throw Cancelled();
        pipeline::LoadedModel& model = model_for(job);
        for (size_t i = 0; i < job.requests.size(); ++i) generate(job, i, model);
    } catch (const Cancelled&) {
        Q_EMIT cancelled();
    } catch (const Error& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    } catch (const std::exception& e) {
        if (is_out_of_memory(e)) {
            // The job's tensors are gone with its stack; what the allocators keep for reuse goes
            // too, so the next, smaller job finds it. The model stays loaded.
            release_cached_memory();
            Q_EMIT failed(tr("Out of memory. Try a smaller size or a smaller model."));
        } else if (const auto* engine = dynamic_cast<const c10::Error*>(&e)) {
            Q_EMIT failed(
                tr("The engine stopped: %1").arg(first_line(engine->what_without_backtrace())));
        } else {
            Q_EMIT failed(tr("The engine stopped: %1").arg(first_line(e.what())));
        }
    }
    Q_EMIT jobDone();
}

}  // namespace reverie::app
