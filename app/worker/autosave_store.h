#pragma once
// The last snapshot of the work in progress, so a crash or a quit with unsaved work loses at most
// a few seconds. Files in one folder, each written atomically:
//   canvas-<n>.png, mask-<n>.png (each only when there is one), layers-<n>.ora (the layer stack,
//   when there is more than the one picture), queue-<n>-<i>-image.png / -mask.png (the images of
//   waiting jobs), then snapshot.json (settings, document name, the waiting jobs' settings and
//   the names of the files of snapshot n).
// Each save writes its images under new names and only then replaces snapshot.json, so a kill at
// any moment leaves one whole snapshot, the last or the one before, never the image of one with
// the prompt of the other. Images no snapshot names are removed after the next save.
#include <QDateTime>
#include <QImage>
#include <QString>
#include <QStringList>
#include <optional>

#include "ui/canvas_document.h"
#include "ui/generation_settings.h"
#include "ui/queue_model.h"

namespace reverie::app {

struct AutosaveSnapshot {
    QImage image;                   // null: no canvas
    QImage mask;                    // null or all black: no mask
    std::vector<ui::Layer> layers;  // the stack `image` flattens; empty: `image` alone
    QString parameters;             // of the topmost generated layer
    std::vector<ui::QueuedJob> queue;
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
    QString path(const QString& name) const;
    // Every file of an earlier snapshot but `keep`.
    void removeImages(const QStringList& keep) const;

    QString dir_;
};

}  // namespace reverie::app
