#pragma once
// Keeps an autosave of the window's work: every few seconds, when the image, the mask or the
// prompt settings changed since the last snapshot, a snapshot is written in the background.
// Policy at a clean quit (finish()): when the canvas has changes not saved to a file, a final
// snapshot is kept and offered at the next start; otherwise the autosave is removed, as there is
// nothing to lose.
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include "app/worker/autosave_store.h"
#include "ui/generation_settings.h"

namespace reverie::ui {
class MainWindow;
}

namespace reverie::app {

enum class RestoreAnswer { Ask, Yes, No };

class Autosaver : public QObject {
    Q_OBJECT
  public:
    Autosaver(ui::MainWindow* window, const QString& dir, int interval_ms,
              QObject* parent = nullptr);
    // Waits for a snapshot being written.
    ~Autosaver() override;

    const AutosaveStore& store() const { return store_; }
    bool hasChanges() const;
    AutosaveSnapshot snapshot() const;

    // When an autosave exists: asks (or takes `answer`), then restores it or removes it.
    // Returns whether it was restored.
    bool offerRestore(RestoreAnswer answer);
    // Puts a snapshot back into the window as an undoable change, so it counts as unsaved.
    void restore(const AutosaveSnapshot& snapshot);
    // Writes a snapshot now if anything changed; `wait` blocks until it is on disk.
    void saveIfChanged(bool wait = false);
    void finish();

  Q_SIGNALS:
    void saveFailed(const QString& message);

  private:
    ui::MainWindow* window_;
    AutosaveStore store_;
    QTimer timer_;
    QThreadPool pool_;  // one thread: snapshots are written in order, never two at once
    bool dirty_ = false;
    ui::GenerationSettings saved_settings_;
};

}  // namespace reverie::app
