#pragma once
// What the studio (and `reverie-cli generate --backend comfyui`) talks to: submit a job, cancel,
// and a stream of events. LocalBackend runs the engine on a worker thread; ComfyBackend drives a
// ComfyUI server. Events of a job, in order: status/progress/preview while it runs, imageReady
// once per finished image, then failed or cancelled when it ends early, and jobDone always, last.
// Jobs run in the order submitted.
#include <QImage>
#include <QMetaType>
#include <QObject>
#include <QRect>
#include <QString>
#include <string>
#include <vector>

#include "core/pipeline/generation_request.h"

namespace reverie::app {

// A LoRA by name and multiplier (A1111's <lora:NAME:SCALE>); the remote backend passes the name
// to the server's LoraLoader.
struct LoraUse {
    std::string name;
    double scale = 1.0;
};

// The job a backend runs: plain data, no torch, no Qt widgets.
struct BackendJob {
    // Local: a checkpoint path (empty: the built-in model). Remote: a checkpoint as the server
    // lists it.
    QString model;
    std::vector<pipeline::GenerationRequest> requests;  // a batch: one per image, seeds resolved
    std::vector<LoraUse> loras;
};

class Backend : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;
    ~Backend() override = default;

    // Queued behind the jobs not ended yet.
    virtual void submit(const BackendJob& job) = 0;
    // Stops every submitted job that has not ended; the running one as soon as it can.
    virtual void cancel() = 0;

  Q_SIGNALS:
    void status(const QString& message);
    void progress(int step, int total, double itPerSec);
    // `where`: the preview's place in the job's picture (an "only masked" crop); empty: all of it.
    void preview(const QImage& image, const QRect& where);
    // `index` counts the images of the job's batch; `parameters` is A1111's infotext.
    void imageReady(const QImage& image, const QString& parameters, qint64 seed, int index);
    void warning(const QString& message);
    void failed(const QString& message);
    void cancelled();
    // Per image: seconds spent on previews and in total, and the previews by kind.
    void previewCost(double previewSeconds, double totalSeconds, int taesdPreviews,
                     int linearPreviews);
    void jobDone();
};

}  // namespace reverie::app

Q_DECLARE_METATYPE(reverie::app::BackendJob)
