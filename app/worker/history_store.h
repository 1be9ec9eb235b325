#pragma once
// Finished images on disk, so the history survives a restart. Each result is three files named
// by its id (creation time, so names sort oldest first):
//   <id>.png        the image, with the A1111 "parameters" text chunk other tools read
//   <id>.json       the studio's settings for it (seed included), for "restore settings"
//   <id>.thumb.png  the strip's thumbnail, so starting up reads no full images
// The list itself is the studio's HistoryModel (ui/history_model.h): the store fills it from
// disk, marks rows written, and keeps it to `cap` rows, the oldest dropped with their files.
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

#include "ui/generation_settings.h"
#include "ui/history_model.h"

namespace reverie::app {

using HistoryEntry = ui::HistoryEntry;
using ui::kHistoryThumbnail;

class HistoryStore {
  public:
    static constexpr int kDefaultCap = 200;

    // Lists what `dir` holds (created when missing) into `model`, oldest first; files past the
    // cap go. `model` outlives the store.
    HistoryStore(QString dir, ui::HistoryModel* model, int cap = kDefaultCap);
    // The same with a model of its own.
    explicit HistoryStore(QString dir, int cap = kDefaultCap);
    ~HistoryStore();

    // QStandardPaths::AppDataLocation + "/history".
    static QString default_dir();

    const QString& dir() const { return dir_; }
    ui::HistoryModel* model() const { return model_; }
    // The model's rows whose files exist, oldest first (a copy, for tests and the session dump).
    std::vector<HistoryEntry> entries() const;
    // The row of `id` (written or being written), or null.
    const HistoryEntry* find(const QString& id) const;

    // Writes the files atomically and lists the entry last; nullopt and `*error` on failure.
    std::optional<HistoryEntry> add(const QImage& image, const QString& parameters,
                                    const ui::GenerationSettings& settings, QString* error);

    // The same in parts, so the writing runs off the GUI thread: an id no other entry has or will
    // get; the row listed (by the window, holding its picture); the files written (any thread;
    // touches nothing of the store's); then written() with the outcome.
    QString reserveId();
    static std::optional<HistoryEntry> write(const QString& dir, const QString& id,
                                             const QImage& image, const QString& parameters,
                                             const ui::GenerationSettings& settings,
                                             QString* error);
    // The files of `id` are written (`entry`) or not (nullopt): its row says so (a row the cap
    // dropped meanwhile stays dropped; its files stay on disk like every result's).
    void written(const QString& id, const std::optional<HistoryEntry>& entry);
    // Drops the oldest rows past the cap from the list (their files stay).
    void trim();

  private:
    QString newId() const;

    QString dir_;
    int cap_;
    std::unique_ptr<ui::HistoryModel> own_model_;
    ui::HistoryModel* model_;
    QStringList reserved_;  // ids handed out whose files are not written yet
};

}  // namespace reverie::app
