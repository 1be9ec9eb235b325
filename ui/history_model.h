#pragma once
// The studio's history: one row per result, oldest first. The one list of results: the strip
// shows it, the session restores settings from it, and the store (app/worker/history_store) fills
// it from disk, marks rows written and drops the oldest past its cap. A row's full picture is
// held in memory only while it has no file (being written, or never written); after that the
// row keeps its thumbnail and the picture is read from its file when chosen.
#include <QAbstractListModel>
#include <QDateTime>
#include <QIcon>
#include <QImage>
#include <QString>
#include <deque>

#include "ui/generation_settings.h"

namespace reverie::ui {

// The strip's thumbnail size in pixels (the longer side).
inline constexpr int kHistoryThumbnail = 96;

struct HistoryEntry {
    QString id;          // names its files; empty for a result nothing writes
    QString image_path;  // empty until its files exist
    QString parameters;  // the A1111 text
    GenerationSettings settings;
    QImage thumbnail;  // made from `image` when empty
    QDateTime created;
    QImage image;          // the full picture, while it has no file
    QString kind;          // what the job did ("new", "refine"…); empty: read from `parameters`
    bool writing = false;  // its files are being written off the GUI thread
};

class HistoryModel : public QAbstractListModel {
    Q_OBJECT
  public:
    enum Role { IdRole = Qt::UserRole + 1, PathRole, WritingRole };

    explicit HistoryModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    // Display: "#number kind"; decoration: the thumbnail; tool tip: the parameters.
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    int count() const { return int(rows_.size()); }
    const HistoryEntry& at(int row) const { return rows_.at(size_t(row)).entry; }
    // The number the strip shows for `row` (#1 is the first result ever listed, even after the
    // oldest rows are dropped).
    int number(int row) const { return rows_.at(size_t(row)).number; }
    // The row of the entry named `id`, or -1.
    int rowOf(const QString& id) const;
    // The row's picture: held in memory, or read from its file (null when the file has gone).
    QImage image(int row) const;
    // Bytes of full pictures held in memory, for the memory test.
    qint64 heldImageBytes() const;

    // Lists `entry` last and returns its number.
    int append(HistoryEntry entry);
    // The files of `id` exist now (`written` says where): its picture leaves memory. False when
    // no row has that id (dropped meanwhile).
    bool setWritten(const QString& id, const HistoryEntry& written);
    // The files of `id` could not be written: the row keeps its picture in memory.
    void setNotWritten(const QString& id);
    // Takes the oldest row out.
    HistoryEntry takeFirst();

  private:
    struct Row {
        HistoryEntry entry;
        int number = 0;
        mutable QIcon icon;  // made when first shown
    };
    std::deque<Row> rows_;
    int next_number_ = 1;
};

}  // namespace reverie::ui
