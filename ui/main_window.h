#pragma once
// The studio window: canvas in the centre, prompt panel, history and queue docks, menus, progress.
// It never talks to the engine: the app layer connects generateRequested/cancelRequested to its
// worker and feeds the slots back (queued connections are fine).
//
// Contract for the app layer, per job: any number of onProgress/onPreview, then onFinished once per
// image (a batch gives several), onFailed or onCancelled, then setBusy(false). setBusy(false)
// starts the next queued job, if any, by emitting generateRequested again. A failed job goes back
// to the top of the queue, marked failed, and the queue holds until the user generates again (a
// dead server is not retried in a loop): Generate with that job's very request retries it, any
// other request runs while the failed job keeps waiting (the queue never runs it by itself).
#include <QImage>
#include <QMainWindow>

#include "ui/generation_settings.h"
#include "ui/history_model.h"
#include "ui/queue_model.h"

class QAction;
class QLabel;
class QProgressBar;

namespace reverie::ui {

class AdapterBrowser;
class CanvasView;
class ControlPanel;
class HistoryStrip;
class LayersPanel;
class LivePainting;
class PromptPanel;
class QueuePanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);

    CanvasView* canvas() const { return canvas_; }
    PromptPanel* promptPanel() const { return panel_; }
    HistoryStrip* historyStrip() const { return history_; }
    QueuePanel* queuePanel() const { return queue_; }
    // The studio's one history and one queue; the strip and the queue panel are their views.
    HistoryModel* history() const { return history_model_; }
    QueueModel* queue() const { return queue_model_; }
    LayersPanel* layersPanel() const { return layers_; }
    ControlPanel* controlPanel() const { return control_; }
    LivePainting* livePainting() const { return live_; }
    AdapterBrowser* adapterBrowser() const { return adapters_; }
    bool isBusy() const { return busy_; }
    // A live-painting job runs: its result is offered, never kept in the history.
    bool runningLive() const { return busy_ && running_.live; }
    GenerationMode mode() const;
    QString documentName() const { return document_name_; }

    // File operations without dialogs; errors are reported to the user and return false.
    bool openImageFile(const QString& path);
    bool saveImageFile(const QString& path);
    void newCanvas(QSize size);
    // Undoable: the canvas grows by `margins` (transparent on every layer) and the new border,
    // plus `overlap` pixels into the picture, becomes the mask, so the next generation
    // outpaints it.
    void expandCanvas(const QMargins& margins, int overlap = 8);

  public Q_SLOTS:
    void onProgress(int step, int total, double itPerSec);
    // `where`: the preview's place in the job's picture (an "only masked" crop); empty: all of it.
    void onPreview(const QImage& preview, const QRect& where = {});
    void onFinished(const QImage& image, const QString& parameters);
    // The same for a result the app layer lists itself (its files being written): `entry` joins
    // the history as it is, its kind set from the job.
    void showResult(reverie::ui::HistoryEntry entry);
    void onFailed(const QString& message);
    void onCancelled();
    // What the engine is doing before the first step ("Loading model…").
    void onStatus(const QString& message);
    void setBusy(bool busy);
    // Generate now, or queue the job when one is running.
    void requestGeneration();
    void requestCancel();
    // A live-painting regeneration: cancels a live job in flight, replaces one waiting.
    void requestLive();

  Q_SIGNALS:
    void generateRequested(const reverie::ui::GenerationSettings& settings, const QImage& image,
                           const QImage& mask);
    void cancelRequested();
    void historyImageChosen(int index);
    void settingsRequested();

  protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void buildMenus();
    void buildEditMenu();
    void buildToolBar();
    void buildStatusBar();
    void startJob(const QueuedJob& job);
    // What Generate would run now: the settings, the mode, and the canvas's picture and mask
    // (cut to the region when one is drawn).
    QueuedJob jobFromCanvas() const;
    void cutToRegion(QueuedJob& job, const QRect& region) const;
    // A result on the canvas: a new layer (placed in its region), or the picture itself on a
    // blank canvas.
    void placeResult(const HistoryEntry& entry, int number);
    // A region job's result as a layer of the canvas's size (feathered into its region).
    QImage regionLayer(const QImage& result) const;
    void stopLive();
    void wireLivePainting();
    void askExpandCanvas();
    void updateMode();
    void updateTitle();
    void setDocument(const QString& path, const QString& name);
    void showError(const QString& message);
    // Unsaved work is about to be replaced (`action`: "opening a file"…): asks Save / Discard /
    // Cancel. False when the user cancels or the save did not happen.
    bool confirmDiscard(const QString& action);
    void pasteImage();
    void copyImage();
    void saveDocument();
    void saveDocumentAs();

    CanvasView* canvas_;
    PromptPanel* panel_;
    HistoryModel* history_model_;
    QueueModel* queue_model_;
    HistoryStrip* history_;
    QueuePanel* queue_;
    LayersPanel* layers_;
    ControlPanel* control_;
    LivePainting* live_;
    AdapterBrowser* adapters_;
    QProgressBar* progress_;
    QLabel* progress_label_;
    QAction* generate_action_ = nullptr;
    QAction* cancel_action_ = nullptr;
    QString document_path_;
    QString document_name_;
    bool busy_ = false;
    QueuedJob running_;  // what startJob sent, kept for a retry
    bool held_ = false;  // a job failed: the queue waits for the user
    bool canvas_has_content_ = false;
    qint64 live_seed_ = 0;
    bool docks_sized_ = false;
    QImage preview_alpha_;  // the running inpainting job's mask at its previews' size
    QRect preview_alpha_part_;
};

}  // namespace reverie::ui
