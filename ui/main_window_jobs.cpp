// The studio window's jobs from the canvas: what Generate sends (the whole canvas or a region of
// it), live painting's quick regenerations, and expanding the canvas for outpainting.
#include <QRandomGenerator>
#include <QStatusBar>
#include <QUndoStack>

#include "ui/canvas_document.h"
#include "ui/canvas_view.h"
#include "ui/expand_canvas_dialog.h"
#include "ui/live_painting.h"
#include "ui/main_window.h"
#include "ui/mask_layer.h"
#include "ui/prompt_panel.h"
#include "ui/region_job.h"
#include "ui/region_selection.h"

namespace reverie::ui {

namespace {

// A region's result fades into the picture over this share of its shorter side (at least the
// mask blur), so no seam shows around it.
int region_feather(const QRect& region, int maskBlur) {
    return std::max(std::max(2 * maskBlur, 4), std::min(region.width(), region.height()) / 16);
}

bool has_masked_pixels(const QImage& mask) {
    for (int y = 0; y < mask.height(); ++y) {
        const uchar* row = mask.constScanLine(y);
        for (int x = 0; x < mask.width(); ++x)
            if (row[x]) return true;
    }
    return false;
}

}  // namespace

void MainWindow::wireLivePainting() {
    live_ = new LivePainting(this);
    live_seed_ = qint64(QRandomGenerator::global()->bounded(quint64(1) << 32));
    connect(live_, &LivePainting::regenerate, this, &MainWindow::requestLive);
    connect(live_, &LivePainting::stopped, this, &MainWindow::stopLive);
    connect(live_, &LivePainting::resultChanged, canvas_, &CanvasView::setLiveResult);
    connect(live_, &LivePainting::applied, this, [this](const QImage& layer, const QString& p) {
        canvas_->addLayer(layer, tr("Live"), tr("Apply live result"), p);
    });
    // A finished stroke (paint or mask), a layer operation, a prompt or setting edit.
    connect(canvas_, &CanvasView::imageChanged, live_, &LivePainting::touch);
    connect(panel_, &PromptPanel::edited, live_, &LivePainting::touch);
    connect(canvas_->region(), &RegionSelection::changed, this, [this](const QRect& r) {
        panel_->setRegion(r.size());
        if (!canvas_->region()->dragging()) live_->touch();
    });
}

QueuedJob MainWindow::jobFromCanvas() const {
    QueuedJob job;
    job.settings = panel_->settings();
    job.settings.control = canvas_->document()->controlInputs();
    const GenerationMode m = mode();
    job.mode = m;
    if (m != GenerationMode::TextToImage) job.image = canvas_->image();
    if (m == GenerationMode::TextToImage && canvas_has_content_) {
        // A new picture over a painted canvas: at the canvas's size, so the layer lines up.
        job.settings.width = canvas_->document()->size().width();
        job.settings.height = canvas_->document()->size().height();
    }
    if (m == GenerationMode::Inpaint) job.mask = canvas_->mask()->image();
    const QRect region = canvas_->region()->rect();
    if (!region.isEmpty() && !canvas_->document()->isNull()) cutToRegion(job, region);
    return job;
}

void MainWindow::cutToRegion(QueuedJob& job, const QRect& region) const {
    const GenerationSettings panel = panel_->settings();
    const QSize render = region_render_size(region.size(), QSize(panel.width, panel.height));
    job.region = region;
    job.settings.width = render.width();
    job.settings.height = render.height();
    // The region is the crop already.
    job.settings.inpaint_only_masked = false;
    if (!job.image.isNull()) job.image = cut_region(job.image, region, render);
    if (job.mask.isNull()) return;
    job.mask = cut_region(job.mask, region, render).convertToFormat(QImage::Format_Grayscale8);
    // The mask is optional inside a region: none of it there means refining the whole region.
    if (!has_masked_pixels(job.mask)) {
        job.mask = QImage();
        job.mode = GenerationMode::ImageToImage;
    }
}

QImage MainWindow::regionLayer(const QImage& result) const {
    return region_layer(result, running_.region, canvas_->document()->size(), running_.mask,
                        region_feather(running_.region, running_.settings.mask_blur));
}

void MainWindow::requestLive() {
    if (!live_->isOn() || canvas_->document()->isNull()) return;
    QueuedJob job = jobFromCanvas();
    job.live = true;
    job.settings.steps = live_->steps();
    job.settings.batch_count = 1;
    // One seed for the whole session, so a stroke changes the picture, not the dice.
    if (job.settings.seed < 0) job.settings.seed = live_seed_;
    for (int row = queue_model_->count() - 1; row >= 0; --row)
        if (queue_model_->at(row).live) queue_model_->take(row);
    if (!busy_) {
        startJob(job);
        return;
    }
    queue_model_->enqueue(job);
    // A live job in flight is out of date now; a user's job runs to its end.
    if (running_.live) Q_EMIT cancelRequested();
}

void MainWindow::stopLive() {
    for (int row = queue_model_->count() - 1; row >= 0; --row)
        if (queue_model_->at(row).live) queue_model_->take(row);
    if (busy_ && running_.live) Q_EMIT cancelRequested();
}

void MainWindow::expandCanvas(const QMargins& margins, int overlap) {
    if (canvas_->document()->isNull() || margins.isNull()) return;
    canvas_->document()->expand(margins, overlap);
    const QSize size = canvas_->document()->size();
    statusBar()->showMessage(
        tr("Canvas expanded to %1×%2: the new border is masked, Generate outpaints it")
            .arg(size.width())
            .arg(size.height()),
        8000);
}

void MainWindow::askExpandCanvas() {
    if (canvas_->document()->isNull()) return;
    const CanvasExpansion e = ask_canvas_expansion(this, canvas_->document()->size());
    expandCanvas(e.margins, e.overlap);
}

}  // namespace reverie::ui
