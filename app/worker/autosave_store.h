#pragma once
// The last snapshot of the work in progress, so a crash or a quit with unsaved work loses at most
// a few seconds. Files in one folder, written atomically, snapshot.json last (it is what marks a
// complete snapshot):
//   canvas.png, mask.png (each only when there is one), snapshot.json (settings, document name).
#include <QDateTime>
#include <QImage>
#include <QString>
#include <optional>

#include "ui/generation_settings.h"

namespace reverie::app {

struct AutosaveSnapshot {
    QImage image;  // null: no canvas
    QImage mask;   // null or all black: no mask
    ui::GenerationSettings settings;
    QString document_name;
    QDateTime saved;  // filled by load()
};

class AutosaveStore {
  public:
    explicit AutosaveStore(QString dir);

    // QStandardPaths::AppDataLocation + "/autosave".
    static QString default_dir();

    const QString& dir() const { return dir_; }
    bool exists() const;
    // Empty string on success, else a message. Safe to call from any thread (one at a time).
    QString save(const AutosaveSnapshot& snapshot) const;
    std::optional<AutosaveSnapshot> load() const;
    void clear() const;

  private:
    QString path(const char* name) const;

    QString dir_;
};

}  // namespace reverie::app
