#include "ui/history_model.h"

#include <QCoreApplication>
#include <QPixmap>

namespace reverie::ui {

namespace {

// The words are the strip's, translated under its name.
const char* const kContext = "reverie::ui::HistoryStrip";

QString strip_word(const char* text) {
    return QCoreApplication::translate(kContext, text);
}

// A picture kept on disk records whether it was made from the canvas.
QString kind_from_parameters(const QString& parameters) {
    return parameters.contains(QLatin1String("Denoising strength:"))
               ? strip_word(QT_TRANSLATE_NOOP("reverie::ui::HistoryStrip", "refine"))
               : strip_word(QT_TRANSLATE_NOOP("reverie::ui::HistoryStrip", "new"));
}

}  // namespace

HistoryModel::HistoryModel(QObject* parent) : QAbstractListModel(parent) {}

int HistoryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= count()) return {};
    const Row& r = rows_[size_t(index.row())];
    const HistoryEntry& e = r.entry;
    switch (role) {
        case Qt::DisplayRole:
            return e.kind.isEmpty() ? QStringLiteral("#%1").arg(r.number)
                                    : QStringLiteral("#%1 %2").arg(r.number).arg(e.kind);
        case Qt::DecorationRole:
            if (r.icon.isNull()) r.icon = QIcon(QPixmap::fromImage(e.thumbnail));
            return r.icon;
        case Qt::ToolTipRole:
            return e.parameters.isEmpty()
                       ? strip_word(QT_TRANSLATE_NOOP("reverie::ui::HistoryStrip", "No parameters"))
                       : e.parameters;
        case IdRole:
            return e.id;
        case PathRole:
            return e.image_path;
        case WritingRole:
            return e.writing;
        default:
            return {};
    }
}

int HistoryModel::rowOf(const QString& id) const {
    if (id.isEmpty()) return -1;
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].entry.id == id) return int(i);
    return -1;
}

QImage HistoryModel::image(int row) const {
    const HistoryEntry& e = at(row);
    return e.image.isNull() ? QImage(e.image_path) : e.image;
}

qint64 HistoryModel::heldImageBytes() const {
    qint64 bytes = 0;
    for (const Row& r : rows_) bytes += r.entry.image.sizeInBytes();
    return bytes;
}

int HistoryModel::append(HistoryEntry entry) {
    if (entry.thumbnail.isNull() && !entry.image.isNull())
        entry.thumbnail = entry.image.scaled(kHistoryThumbnail, kHistoryThumbnail,
                                             Qt::KeepAspectRatio, Qt::SmoothTransformation);
    if (entry.kind.isEmpty() && !entry.image_path.isEmpty())
        entry.kind = kind_from_parameters(entry.parameters);
    const int row = count();
    beginInsertRows({}, row, row);
    rows_.push_back({std::move(entry), next_number_++, {}});
    endInsertRows();
    return rows_.back().number;
}

bool HistoryModel::setWritten(const QString& id, const HistoryEntry& written) {
    const int row = rowOf(id);
    if (row < 0) return false;
    HistoryEntry& e = rows_[size_t(row)].entry;
    e.image_path = written.image_path;
    e.created = written.created;
    e.image = QImage();
    e.writing = false;
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i, {PathRole, WritingRole});
    return true;
}

void HistoryModel::setNotWritten(const QString& id) {
    const int row = rowOf(id);
    if (row < 0) return;
    HistoryEntry& e = rows_[size_t(row)].entry;
    e.id.clear();  // no files carry its name
    e.writing = false;
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i, {IdRole, WritingRole});
}

HistoryEntry HistoryModel::takeFirst() {
    if (rows_.empty()) return {};
    beginRemoveRows({}, 0, 0);
    HistoryEntry e = std::move(rows_.front().entry);
    rows_.pop_front();
    endRemoveRows();
    return e;
}

}  // namespace reverie::ui
