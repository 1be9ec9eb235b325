#include "ui/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoStack>

#include "ui/adapter_browser.h"
#include "ui/canvas_document.h"
#include "ui/canvas_tool_bar.h"
#include "ui/canvas_view.h"
#include "ui/color_brush.h"
#include "ui/control_panel.h"
#include "ui/history_strip.h"
#include "ui/image_files.h"
#include "ui/layers_panel.h"
#include "ui/live_painting.h"
#include "ui/mask_layer.h"
#include "ui/new_canvas_dialog.h"
#include "ui/openraster.h"
#include "ui/progress_text.h"
#include "ui/prompt_panel.h"
#include "ui/queue_panel.h"
#include "ui/region_job.h"

namespace reverie::ui {

namespace {

constexpr int kStatusTimeoutMs = 8000;

// A fully transparent canvas (a new one) is a blank page: text to image.
bool is_openraster(const QString& path) {
    return path.endsWith(QLatin1String(".ora"), Qt::CaseInsensitive);
}

// How the history and the layer names call what a job did.
QString mode_word(GenerationMode mode) {
    switch (mode) {
        case GenerationMode::ImageToImage:
            return MainWindow::tr("refine");
        case GenerationMode::Inpaint:
            return MainWindow::tr("inpaint");
        case GenerationMode::TextToImage:
            break;
    }
    return MainWindow::tr("new");
}

bool has_visible_pixels(const QImage& image) {
    if (image.isNull()) return false;
    if (!image.hasAlphaChannel()) return true;
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    for (int y = 0; y < argb.height(); ++y) {
        const QRgb* row = reinterpret_cast<const QRgb*>(argb.constScanLine(y));
        for (int x = 0; x < argb.width(); ++x)
            if (qAlpha(row[x]) != 0) return true;
    }
    return false;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    qRegisterMetaType<GenerationSettings>();
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    // The side docks run the window's full height (the prompt's Generate button and the
    // browser's list need it more than the history strip needs the full width).
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    canvas_ = new CanvasView(this);
    setCentralWidget(canvas_);
    panel_ = new PromptPanel(this);
    addDockWidget(Qt::LeftDockWidgetArea, panel_);
    history_model_ = new HistoryModel(this);
    queue_model_ = new QueueModel(this);
    history_ = new HistoryStrip(history_model_, this);
    addDockWidget(Qt::BottomDockWidgetArea, history_);
    layers_ = new LayersPanel(canvas_->document(), this);
    addDockWidget(Qt::RightDockWidgetArea, layers_);
    control_ = new ControlPanel(canvas_->document(), this);
    addDockWidget(Qt::RightDockWidgetArea, control_);
    queue_ = new QueuePanel(queue_model_, this);
    addDockWidget(Qt::RightDockWidgetArea, queue_);
    // The LoRA browser beside the prompt, between it and the canvas.
    adapters_ = new AdapterBrowser(this);
    // Beside the ControlNet dock, in front: the canvas keeps the middle of the window.
    addDockWidget(Qt::RightDockWidgetArea, adapters_);
    tabifyDockWidget(control_, adapters_);
    adapters_->attach(panel_->promptEdit(), panel_->negativeEdit());
    resizeDocks({panel_}, {380}, Qt::Horizontal);
    resizeDocks({queue_}, {220}, Qt::Horizontal);

    connect(panel_, &PromptPanel::generateRequested, this, &MainWindow::requestGeneration);
    wireLivePainting();
    connect(panel_, &PromptPanel::cancelRequested, this, &MainWindow::requestCancel);
    // The ControlNet list follows the model's family; "Draw" paints on the unit's layer.
    connect(panel_, &PromptPanel::modelFamilyChanged, control_, &ControlPanel::setModelFamily);
    connect(panel_, &PromptPanel::modelFamilyChanged, adapters_, &AdapterBrowser::setModelFamily);
    connect(control_, &ControlPanel::drawRequested, this, [this] {
        canvas_->document()->setActiveIndex(control_->currentLayer());
        canvas_->setTool(CanvasTool::ColorBrush);
        canvas_->setFocus();
    });
    connect(canvas_, &CanvasView::imageChanged, this, [this] {
        canvas_has_content_ = has_visible_pixels(canvas_->image());
        updateMode();
    });
    connect(canvas_, &CanvasView::maskEmptinessChanged, this, &MainWindow::updateMode);
    connect(canvas_, &CanvasView::expandRequested, this,
            [this](const QMargins& m) { expandCanvas(m); });
    connect(canvas_->undoStack(), &QUndoStack::cleanChanged, this,
            [this](bool clean) { setWindowModified(!clean); });
    connect(history_, &HistoryStrip::imageActivated, this, [this](int index) {
        const QImage image = history_model_->image(index);
        const int number = history_model_->number(index);
        if (image.isNull()) {
            showError(tr("History image #%1 can no longer be read.").arg(number));
            return;
        }
        const QString parameters = history_model_->at(index).parameters;
        // Brought back as a layer: nothing on the canvas is overwritten.
        if (canvas_->document()->isNull())
            canvas_->setImage(image, parameters);
        else
            canvas_->addLayer(image, tr("#%1").arg(number), tr("Restore image #%1").arg(number),
                              parameters);
        statusBar()->showMessage(parameters.section(QLatin1Char('\n'), 0, 0), kStatusTimeoutMs);
        Q_EMIT historyImageChosen(index);
    });
    connect(queue_, &QueuePanel::jobTakenBack, this,
            [this](const QueuedJob& job) { panel_->setSettings(job.settings); });
    connect(queue_model_, &QueueModel::countChanged, this,
            [this](int n) { queue_->setWindowTitle(n ? tr("Queue (%1)").arg(n) : tr("Queue")); });

    buildMenus();
    buildToolBar();
    // Its own row: the brush tool bar fills the window's width.
    addToolBarBreak();
    live_->addTo(addToolBar(tr("Live")));
    buildStatusBar();
    setDocument(QString(), tr("Untitled"));
    updateMode();
    resize(1400, 900);
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (docks_sized_) return;
    docks_sized_ = true;
    // Heights only mean something once the window has its size: the browser's list gets the room.
    resizeDocks({layers_, adapters_, queue_}, {170, 420, 90}, Qt::Vertical);
}

void MainWindow::buildStatusBar() {
    progress_label_ = new QLabel;
    progress_ = new QProgressBar;
    progress_->setMaximumWidth(260);
    progress_->setTextVisible(false);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    statusBar()->addPermanentWidget(progress_label_);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->showMessage(tr("Ready"));
}

GenerationMode MainWindow::mode() const {
    return panel_->mode();
}

void MainWindow::updateMode() {
    panel_->setCanvasState(canvas_has_content_, !canvas_->mask()->isEmpty());
}

void MainWindow::updateTitle() {
    setWindowTitle(tr("Reverie — %1[*]").arg(document_name_));
}

void MainWindow::setDocument(const QString& path, const QString& name) {
    document_path_ = path;
    document_name_ = name;
    updateTitle();
}

void MainWindow::showError(const QString& message) {
    statusBar()->showMessage(message, kStatusTimeoutMs);
    // Non-modal, so a failing worker never blocks the event loop.
    auto* box =
        new QMessageBox(QMessageBox::Warning, tr("Reverie"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool MainWindow::confirmDiscard(const QString& action) {
    if (canvas_->undoStack()->isClean()) return true;
    QMessageBox box(
        QMessageBox::Warning, tr("Unsaved changes"),
        tr("The canvas has changes that are not saved. Save them before %1?").arg(action),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("discardPrompt"));
    box.setDefaultButton(QMessageBox::Save);
    const int answer = box.exec();
    switch (answer) {
        case QMessageBox::Save:
            saveDocument();
            return canvas_->undoStack()->isClean();
        case QMessageBox::Discard:
            return true;
        default:
            return false;
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // A live regeneration is not work to lose.
    if (busy_ && !running_.live) {
        QMessageBox box(QMessageBox::Question, tr("Generating"),
                        tr("A picture is being generated. Quit and cancel it?"),
                        QMessageBox::Yes | QMessageBox::No, this);
        box.setObjectName(QStringLiteral("quitWhileBusyPrompt"));
        box.setDefaultButton(QMessageBox::No);
        if (box.exec() != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    if (!confirmDiscard(tr("quitting"))) {
        event->ignore();
        return;
    }
    // Discarded on purpose: nothing is kept for the next start either.
    canvas_->undoStack()->setClean();
    event->accept();
}

void MainWindow::newCanvas(QSize size) {
    QImage blank(size, QImage::Format_ARGB32_Premultiplied);
    blank.fill(Qt::transparent);
    canvas_->setImage(blank);
    GenerationSettings s = panel_->settings();
    s.width = size.width();
    s.height = size.height();
    panel_->setSettings(s);
    setDocument(QString(), tr("Untitled"));
}

bool MainWindow::openImageFile(const QString& path) {
    QString error;
    if (is_openraster(path)) {
        const auto doc = load_openraster(path, &error);
        if (!doc) {
            showError(error);
            return false;
        }
        canvas_->document()->resetLayers(doc->layers);
        setDocument(path, QFileInfo(path).fileName());
        statusBar()->showMessage(tr("Opened %1 (%2 layers)").arg(path).arg(doc->layers.size()),
                                 kStatusTimeoutMs);
        return true;
    }
    const QImage image = load_image(path, &error);
    if (image.isNull()) {
        showError(error);
        return false;
    }
    canvas_->setImage(image, image.text(QStringLiteral("parameters")));
    setDocument(path, QFileInfo(path).fileName());
    statusBar()->showMessage(
        tr("Opened %1 (%2×%3)").arg(path).arg(image.width()).arg(image.height()), kStatusTimeoutMs);
    return true;
}

bool MainWindow::saveImageFile(const QString& path) {
    const QString error =
        is_openraster(path) ? save_openraster(path, *canvas_->document())
                            : save_image(path, canvas_->image(), canvas_->document()->parameters());
    if (!error.isEmpty()) {
        showError(error);
        return false;
    }
    canvas_->undoStack()->setClean();
    setDocument(path, QFileInfo(path).fileName());
    statusBar()->showMessage(tr("Saved %1").arg(path), kStatusTimeoutMs);
    return true;
}

void MainWindow::saveDocument() {
    if (document_path_.isEmpty())
        saveDocumentAs();
    else
        saveImageFile(document_path_);
}

void MainWindow::saveDocumentAs() {
    QString selected;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save image"), document_path_,
                                                      save_image_filter(), &selected);
    if (path.isEmpty()) return;
    QString target = path;
    if (QFileInfo(target).suffix().isEmpty()) {
        if (selected.contains(QLatin1String("ora")))
            target += QStringLiteral(".ora");
        else if (selected.contains(QLatin1String("jpg")))
            target += QStringLiteral(".jpg");
        else if (selected.contains(QLatin1String("webp")))
            target += QStringLiteral(".webp");
        else
            target += QStringLiteral(".png");
    }
    saveImageFile(target);
}

void MainWindow::copyImage() {
    if (canvas_->image().isNull()) return;
    QApplication::clipboard()->setImage(canvas_->image());
    statusBar()->showMessage(tr("Image copied"), kStatusTimeoutMs);
}

void MainWindow::pasteImage() {
    const QImage image = QApplication::clipboard()->image();
    if (image.isNull()) {
        statusBar()->showMessage(tr("The clipboard holds no image"), kStatusTimeoutMs);
        return;
    }
    if (canvas_->document()->isNull()) {
        canvas_->setImage(image);
        setDocument(QString(), tr("Pasted image"));
    } else {
        canvas_->addLayer(image, tr("Pasted"), tr("Paste"));
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasImage() || event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QMimeData* data = event->mimeData();
    if (!confirmDiscard(tr("opening the dropped picture"))) return;
    if (data->hasUrls()) {
        for (const QUrl& url : data->urls()) {
            if (url.isLocalFile()) {
                openImageFile(url.toLocalFile());
                event->acceptProposedAction();
                return;
            }
        }
    }
    if (data->hasImage()) {
        canvas_->setImage(qvariant_cast<QImage>(data->imageData()));
        setDocument(QString(), tr("Dropped image"));
        event->acceptProposedAction();
    }
}

void MainWindow::requestGeneration() {
    held_ = false;
    QueuedJob job = jobFromCanvas();
    // Generate with a failed job's very request retries it (the job the queue holds, not a
    // copy); anything else is a new job and the failed one keeps waiting.
    for (int row = 0; row < queue_model_->count(); ++row)
        if (!queue_model_->at(row).failure.isEmpty() && queue_model_->at(row).sameRequest(job)) {
            job = queue_model_->take(row);
            job.failure.clear();
            break;
        }
    if (busy_) {
        queue_model_->enqueue(job);
        statusBar()->showMessage(tr("Queued (%1 waiting)").arg(queue_model_->count()),
                                 kStatusTimeoutMs);
        return;
    }
    // Idle with jobs still waiting (the app never ended the last one): keep their order.
    if (queue_model_->nextRunnable() >= 0) {
        queue_model_->enqueue(job);
        startJob(queue_model_->take(queue_model_->nextRunnable()));
        return;
    }
    startJob(job);
}

void MainWindow::startJob(const QueuedJob& job) {
    running_ = job;
    preview_alpha_ = QImage();
    setBusy(true);
    progress_->setRange(0, 0);  // busy indicator until the first step arrives
    progress_label_->setText(tr("Starting…"));
    Q_EMIT generateRequested(job.settings, job.image, job.mask);
}

void MainWindow::requestCancel() {
    if (!busy_) return;
    progress_label_->setText(tr("Cancelling…"));
    Q_EMIT cancelRequested();
}

void MainWindow::onProgress(int step, int total, double itPerSec) {
    progress_->setRange(0, std::max(total, 1));
    progress_->setValue(std::clamp(step, 0, std::max(total, 1)));
    progress_label_->setText(format_progress(step, total, itPerSec));
}

void MainWindow::onPreview(const QImage& preview, const QRect& where) {
    // A region job's picture is the region, scaled to the job's size.
    const QRect place =
        running_.region.isEmpty()
            ? where
            : region_preview_place(running_.region,
                                   QSize(running_.settings.width, running_.settings.height), where);
    if (running_.mode != GenerationMode::Inpaint || running_.mask.isNull()) {
        canvas_->showPreview(preview, place);
        return;
    }
    // A job's previews share their size and place: the mask is scaled once for all of them.
    if (preview_alpha_.size() != preview.size() || preview_alpha_part_ != where) {
        QImage mask = running_.mask;
        if (running_.settings.mask_invert) mask.invertPixels();
        preview_alpha_ = preview_alpha(mask, where, preview.size());
        preview_alpha_part_ = where;
    }
    canvas_->showPreview(with_alpha(preview, preview_alpha_), place);
}

void MainWindow::onFinished(const QImage& image, const QString& parameters) {
    HistoryEntry entry;
    entry.image = image;
    entry.parameters = parameters;
    showResult(std::move(entry));
}

void MainWindow::showResult(HistoryEntry entry) {
    canvas_->clearPreview();
    if (entry.image.isNull()) return;
    const QString parameters = entry.parameters;
    if (running_.live) {
        // Offered over the canvas, not kept: live results would flood the history.
        const QImage layer = running_.region.isEmpty() ? entry.image : regionLayer(entry.image);
        live_->setResult(layer, parameters);
        return;
    }
    const QString kind = mode_word(running_.mode);
    entry.kind = kind;
    const HistoryEntry shown = entry;
    placeResult(shown, history_model_->append(std::move(entry)));
    const qint64 seed = seed_from_parameters(parameters);
    if (seed >= 0) panel_->setLastSeed(seed);
    statusBar()->showMessage(tr("Done"), kStatusTimeoutMs);
}

void MainWindow::placeResult(const HistoryEntry& entry, int number) {
    const QString& kind = entry.kind;
    // Each result is a new layer, so nothing is overwritten; a blank canvas of another size
    // simply becomes the result.
    if (!running_.region.isEmpty() && !canvas_->document()->isNull())
        canvas_->addLayer(regionLayer(entry.image), tr("#%1 %2 (region)").arg(number).arg(kind),
                          tr("Generation (%1)").arg(kind), entry.parameters);
    else if (canvas_->document()->isNull())
        canvas_->setImage(entry.image, entry.parameters);
    else if (!canvas_has_content_ && entry.image.size() != canvas_->document()->size())
        canvas_->replaceImage(entry.image, tr("Generation"), entry.parameters);
    else
        canvas_->addLayer(entry.image, tr("#%1 %2").arg(number).arg(kind),
                          tr("Generation (%1)").arg(kind), entry.parameters);
}

void MainWindow::onFailed(const QString& message) {
    canvas_->clearPreview();
    if (running_.live) {
        // The next edit asks again; a live job never holds the queue.
        statusBar()->showMessage(tr("Live painting failed: %1").arg(message), kStatusTimeoutMs);
        return;
    }
    running_.failure = message;
    queue_model_->enqueue(running_, /*front=*/true);
    held_ = true;
    showError(tr("Generation failed: %1 The job waits at the top of the queue: Generate with the "
                 "same settings runs it again.")
                  .arg(message.endsWith(QLatin1Char('.')) ? message : message + QLatin1Char('.')));
}

void MainWindow::onCancelled() {
    canvas_->clearPreview();
    statusBar()->showMessage(tr("Cancelled"), kStatusTimeoutMs);
}

void MainWindow::onStatus(const QString& message) {
    if (busy_) progress_label_->setText(message);
}

void MainWindow::setBusy(bool busy) {
    if (!busy && queue_model_->nextRunnable() >= 0 && !held_) {
        startJob(queue_model_->take(queue_model_->nextRunnable()));
        return;
    }
    busy_ = busy;
    panel_->setBusy(busy);
    cancel_action_->setEnabled(busy);
    if (!busy) {
        progress_->setRange(0, 1);
        progress_->setValue(0);
        progress_label_->clear();
    }
}

}  // namespace reverie::ui
