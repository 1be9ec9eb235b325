#pragma once
// Wires the studio window to everything behind it: the generation controller, the history on
// disk, the autosave, the preferences and the model picker. main() builds one after the window;
// tests build one on scratch folders.
#include <QObject>
#include <QSettings>
#include <QStringList>
#include <QThreadPool>
#include <memory>

#include "app/worker/autosaver.h"
#include "app/worker/generation_controller.h"
#include "app/worker/history_store.h"
#include "ui/preferences.h"

namespace reverie::ui {
class MainWindow;
}

namespace reverie::app {

struct SessionOptions {
    QString history_dir;   // empty: HistoryStore::default_dir()
    QString autosave_dir;  // empty: AutosaveStore::default_dir()
    int autosave_interval_ms = 5000;
};

class StudioSession : public QObject {
    Q_OBJECT
  public:
    // `settings` (QSettings) must outlive the session.
    StudioSession(ui::MainWindow* window, QSettings* settings, const SessionOptions& options = {},
                  QObject* parent = nullptr);
    ~StudioSession() override;

    GenerationController* controller() { return controller_.get(); }
    const HistoryStore& history() const { return *history_; }
    Autosaver* autosaver() { return autosaver_.get(); }
    const ui::Preferences& preferences() const { return preferences_; }
    // The history entry at the strip's row, or null.
    const HistoryEntry* historyEntryAt(int row) const;

    void applyPreferences(const ui::Preferences& preferences);
    void showSettingsDialog();
    // At a clean quit: the autosave policy, and the prompt settings kept for the next start.
    void finish();

  private:
    void onFinished(const QImage& image, const QString& parameters,
                    const ui::GenerationSettings& settings);
    void onWritten(const QString& id, const std::optional<HistoryEntry>& entry,
                   const QString& problem);
    // Shows the prompt panel's model's family (SDXL section, size presets) after its settings
    // were set from outside (the last session, a history entry).
    void showModelFamily();
    // Lists the LoRAs and embeddings for the prompt panel's model in the browser (a pool thread
    // reads their headers).
    void scanAdapters();

    ui::MainWindow* window_;
    QSettings* settings_;
    ui::Preferences preferences_;
    std::unique_ptr<GenerationController> controller_;
    std::unique_ptr<HistoryStore> history_;
    std::unique_ptr<Autosaver> autosaver_;
    QThreadPool writer_;  // one thread: history files are written in order, off the GUI thread
    bool finished_ = false;
    int model_scan_ = 0;    // the latest model folder scan; older answers are dropped
    int adapter_scan_ = 0;  // the same for the LoRA browser's
    // Model folder scans (checkpoints, ControlNets, adapters); declared last: waited for first.
    QThreadPool scanner_;
};

}  // namespace reverie::app
