#pragma once
// Finished images on disk, so the history strip survives a restart. Each result is three files
// named by its id (creation time, so names sort oldest first):
//   <id>.png        the image, with the A1111 "parameters" text chunk other tools read
//   <id>.json       the studio's settings for it (seed included), for "restore settings"
//   <id>.thumb.png  the strip's thumbnail, so starting up reads no full images
// Nothing is ever deleted here; `cap` bounds how many of the newest are listed.
#include <QDateTime>
#include <QImage>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "ui/generation_settings.h"

namespace reverie::app {

struct HistoryEntry {
    QString id;
    QString image_path;
    QString parameters;
    ui::GenerationSettings settings;
    QImage thumbnail;
    QDateTime created;
};

class HistoryStore {
  public:
    static constexpr int kDefaultCap = 200;

    // Lists what `dir` holds (created when missing), oldest first.
    explicit HistoryStore(QString dir, int cap = kDefaultCap);

    // QStandardPaths::AppDataLocation + "/history".
    static QString default_dir();

    const QString& dir() const { return dir_; }
    const std::vector<HistoryEntry>& entries() const { return entries_; }
    const HistoryEntry* find(const QString& id) const;

    // Writes the files atomically and lists the entry last; nullopt and `*error` on failure.
    std::optional<HistoryEntry> add(const QImage& image, const QString& parameters,
                                    const ui::GenerationSettings& settings, QString* error);

    // The same in two halves, so the writing runs off the GUI thread: an id no other entry has
    // or will get, the files written (any thread; touches nothing of the store's), then the
    // entry listed.
    QString reserveId();
    static std::optional<HistoryEntry> write(const QString& dir, const QString& id,
                                             const QImage& image, const QString& parameters,
                                             const ui::GenerationSettings& settings,
                                             QString* error);
    void append(const HistoryEntry& entry);

  private:
    QString newId() const;
    QStringList reserved_;  // ids handed out whose files may not exist yet

    QString dir_;
    int cap_;
    std::vector<HistoryEntry> entries_;
};

// The strip's thumbnail size in pixels (the longer side).
inline constexpr int kHistoryThumbnail = 96;

}  // namespace reverie::app
