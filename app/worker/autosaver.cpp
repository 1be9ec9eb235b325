#include "app/worker/autosaver.h"

#include <QLocale>
#include <QMessageBox>
#include <QUndoStack>

#include "ui/canvas_document.h"
#include "ui/canvas_view.h"
#include "ui/main_window.h"
#include "ui/mask_layer.h"
#include "ui/prompt_panel.h"

namespace reverie::app {

Autosaver::Autosaver(ui::MainWindow* window, const QString& dir, int interval_ms, QObject* parent)
    : QObject(parent), window_(window), store_(dir) {
    pool_.setMaxThreadCount(1);
    saved_settings_ = window_->promptPanel()->settings();
    ui::CanvasView* canvas = window_->canvas();
    connect(canvas, &ui::CanvasView::imageChanged, this, [this] { dirty_ = true; });
    connect(canvas->mask(), &ui::MaskLayer::changed, this, [this] { dirty_ = true; });
    connect(canvas->document(), &ui::CanvasDocument::layersChanged, this,
            [this] { dirty_ = true; });
    // The queue's jobs and their order.
    ui::QueueModel* queue = window_->queue();
    connect(queue, &ui::QueueModel::countChanged, this, [this] { dirty_ = true; });
    connect(queue, &QAbstractItemModel::rowsMoved, this, [this] { dirty_ = true; });
    connect(&timer_, &QTimer::timeout, this, [this] { saveIfChanged(); });
    timer_.start(interval_ms);
}

Autosaver::~Autosaver() {
    pool_.waitForDone();
}

bool Autosaver::hasChanges() const {
    return dirty_ || window_->promptPanel()->settings() != saved_settings_;
}

AutosaveSnapshot Autosaver::snapshot() const {
    AutosaveSnapshot s;
    s.image = window_->canvas()->image();
    const ui::CanvasDocument* doc = window_->canvas()->document();
    // Layer pixels are shared, not copied; the autosave thread writes them.
    if (doc->layerCount() > 1) s.layers = doc->layers();
    s.parameters = doc->parameters();
    s.queue = window_->queue()->jobs();
    const ui::MaskLayer* mask = window_->canvas()->mask();
    if (!s.image.isNull() && !mask->isEmpty()) s.mask = mask->image();
    s.settings = window_->promptPanel()->settings();
    s.document_name = window_->documentName();
    return s;
}

void Autosaver::saveIfChanged(bool wait) {
    if (!hasChanges()) return;
    // A slow disk: leave the change marked and try at the next tick.
    if (!wait && pool_.activeThreadCount() > 0) return;
    // QImage copies share pixels until written to, so the snapshot costs no copy here.
    const AutosaveSnapshot s = snapshot();
    dirty_ = false;
    saved_settings_ = s.settings;
    const AutosaveStore store = store_;
    // The destructor waits for the pool, so `this` outlives the task.
    pool_.start([this, store, s] {
        const QString problem = store.save(s);
        if (!problem.isEmpty())
            QMetaObject::invokeMethod(
                this, [this, problem] { Q_EMIT saveFailed(problem); }, Qt::QueuedConnection);
    });
    if (wait) pool_.waitForDone();
}

bool Autosaver::offerRestore(RestoreAnswer answer) {
    if (!store_.exists()) return false;
    const std::optional<AutosaveSnapshot> s = store_.load();
    if (!s) {
        store_.clear();
        return false;
    }
    bool yes = answer == RestoreAnswer::Yes;
    if (answer == RestoreAnswer::Ask) {
        const QString when = QLocale().toString(s->saved, QLocale::ShortFormat);
        yes = QMessageBox::question(
                  window_, tr("Restore unsaved work?"),
                  tr("Reverie kept your unsaved work from %1. Restore the canvas, mask and "
                     "prompt?")
                      .arg(when),
                  QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes) == QMessageBox::Yes;
    }
    if (!yes) {
        store_.clear();
        return false;
    }
    restore(*s);
    return true;
}

void Autosaver::restore(const AutosaveSnapshot& s) {
    ui::CanvasView* canvas = window_->canvas();
    if (!s.layers.empty() && s.layers.front().image.size() == s.image.size()) {
        canvas->document()->replaceLayers(s.layers, tr("Restore unsaved work"));
        if (!s.mask.isNull() && s.mask.size() == s.image.size()) canvas->mask()->setImage(s.mask);
    } else if (!s.image.isNull()) {
        canvas->replaceImage(s.image, tr("Restore unsaved work"), s.parameters);
        if (!s.mask.isNull() && s.mask.size() == s.image.size()) canvas->mask()->setImage(s.mask);
    }
    window_->promptPanel()->setSettings(s.settings);
    // Waiting jobs wait again; Generate runs them in their order.
    for (const ui::QueuedJob& job : s.queue) window_->queue()->enqueue(job);
    // What is on screen is what the autosave holds.
    saved_settings_ = window_->promptPanel()->settings();
    dirty_ = false;
}

void Autosaver::finish() {
    timer_.stop();
    pool_.waitForDone();
    if (window_->canvas()->undoStack()->isClean()) {
        store_.clear();
        return;
    }
    saveIfChanged(true);
}

}  // namespace reverie::app
