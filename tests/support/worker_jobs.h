#pragma once
// For tests of the generation controller: a recorder of every signal of a job and the engine
// options of a CPU run.
#include <QImage>
#include <QStringList>
#include <QtTest/QtTest>
#include <limits>

#include "app/worker/engine_options.h"
#include "app/worker/generation_controller.h"

namespace reverie::test {

inline constexpr int kTimeoutMs = 600000;  // a loaded CI machine; the tests never assert on timing

// A txt2img job: Euler, a fixed seed, a square size. An empty `model` is the built-in one.
inline ui::GenerationSettings job_settings(const QString& model, const QString& prompt, int steps,
                                           int size, qint64 seed) {
    ui::GenerationSettings s;
    s.model_path = model;
    s.prompt = prompt;
    s.sampler = QStringLiteral("euler");
    s.steps = steps;
    s.seed = seed;
    s.width = s.height = size;
    return s;
}

// Every signal of a job, by name, in arrival order, while the recorder lives.
struct Recorder {
    // The connections' context: they end with the recorder, so a controller that outlives it
    // never calls into a recorder that is gone.
    QObject scope;
    QStringList events;
    QList<int> steps;
    QList<QImage> previews;
    QList<QRect> preview_places;  // where each preview goes in the picture (empty: all of it)
    QList<QImage> images;
    QStringList parameters;
    QList<ui::GenerationSettings> settings;
    QString failure;
    double preview_seconds = 0, total_seconds = 0;
    int taesd_previews = 0, linear_previews = 0;
    bool ended = false;

    explicit Recorder(app::GenerationController& c) {
        QObject::connect(&c, &app::GenerationController::progress, &scope,
                         [this](int step, int, double) {
                             events << QStringLiteral("progress");
                             steps << step;
                         });
        QObject::connect(&c, &app::GenerationController::preview, &scope,
                         [this](const QImage& p, const QRect& where) {
                             events << QStringLiteral("preview");
                             previews << p;
                             preview_places << where;
                         });
        QObject::connect(
            &c, &app::GenerationController::finished, &scope,
            [this](const QImage& i, const QString& p, const ui::GenerationSettings& s) {
                events << QStringLiteral("finished");
                images << i;
                parameters << p;
                settings << s;
            });
        QObject::connect(&c, &app::GenerationController::failed, &scope, [this](const QString& m) {
            events << QStringLiteral("failed");
            failure = m;
        });
        QObject::connect(&c, &app::GenerationController::cancelled, &scope,
                         [this] { events << QStringLiteral("cancelled"); });
        QObject::connect(&c, &app::GenerationController::previewCost, &scope,
                         [this](double p, double t, int taesd, int linear) {
                             preview_seconds += p;
                             total_seconds += t;
                             taesd_previews += taesd;
                             linear_previews += linear;
                         });
        QObject::connect(&c, &app::GenerationController::jobEnded, &scope, [this] {
            events << QStringLiteral("jobEnded");
            ended = true;
        });
    }
    void wait() { QTRY_VERIFY_WITH_TIMEOUT(ended, kTimeoutMs); }
};

// Every preview the interval allows, whatever it costs: for tests of what previews show.
inline constexpr double kNoBudget = std::numeric_limits<double>::infinity();

inline app::EngineOptions cpu_options(app::PreviewMode preview, int interval = 1,
                                      double budget = app::kPreviewBudget) {
    app::EngineOptions o;
    o.device = QStringLiteral("cpu");
    o.precision = QStringLiteral("fp32");
    o.preview = preview;
    o.preview_interval = interval;
    o.preview_budget = budget;
    return o;
}

}  // namespace reverie::test
