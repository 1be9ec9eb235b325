#include "ui/queue_model.h"

#include <QCoreApplication>

namespace reverie::ui {

namespace {

QString summary(const GenerationSettings& s) {
    QString prompt = s.prompt.simplified();
    if (prompt.size() > 60) prompt = prompt.left(57) + QStringLiteral("…");
    // The panel's words, translated under its name.
    return QStringLiteral("%1  (%2×%3, %4, %5×)")
        .arg(prompt.isEmpty()
                 ? QCoreApplication::translate("reverie::ui::QueuePanel", "(empty prompt)")
                 : prompt)
        .arg(s.width)
        .arg(s.height)
        .arg(s.sampler)
        .arg(s.batch_count);
}

}  // namespace

QueueModel::QueueModel(QObject* parent) : QAbstractListModel(parent) {
    connect(this, &QAbstractItemModel::rowsInserted, this,
            [this] { Q_EMIT countChanged(count()); });
    connect(this, &QAbstractItemModel::rowsRemoved, this, [this] { Q_EMIT countChanged(count()); });
    connect(this, &QAbstractItemModel::modelReset, this, [this] { Q_EMIT countChanged(count()); });
}

int QueueModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant QueueModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= count()) return {};
    const QueuedJob& job = at(index.row());
    if (role == Qt::DisplayRole)
        return job.failure.isEmpty() ? summary(job.settings)
                                     : tr("Failed: %1").arg(summary(job.settings));
    if (role == Qt::ToolTipRole)
        return job.failure.isEmpty() ? job.settings.prompt
                                     : job.failure + QStringLiteral("\n") + job.settings.prompt;
    return {};
}

Qt::ItemFlags QueueModel::flags(const QModelIndex& index) const {
    // Dropped between rows, never onto one.
    if (!index.isValid()) return Qt::ItemIsDropEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
}

bool QueueModel::moveRows(const QModelIndex& source, int row, int count,
                          const QModelIndex& destination, int child) {
    if (source.isValid() || destination.isValid() || count <= 0 || row < 0 ||
        row + count > this->count() || child < 0 || child > this->count())
        return false;
    if (child >= row && child <= row + count) return child == row || child == row + count;
    if (!beginMoveRows(source, row, row + count - 1, destination, child)) return false;
    std::vector<QueuedJob> moved(jobs_.begin() + row, jobs_.begin() + row + count);
    jobs_.erase(jobs_.begin() + row, jobs_.begin() + row + count);
    const int at = child > row ? child - count : child;
    jobs_.insert(jobs_.begin() + at, moved.begin(), moved.end());
    endMoveRows();
    return true;
}

bool QueueModel::removeRows(int row, int count, const QModelIndex& parent) {
    if (parent.isValid() || count <= 0 || row < 0 || row + count > this->count()) return false;
    beginRemoveRows({}, row, row + count - 1);
    jobs_.erase(jobs_.begin() + row, jobs_.begin() + row + count);
    endRemoveRows();
    return true;
}

void QueueModel::enqueue(const QueuedJob& job, bool front) {
    const int row = front ? 0 : count();
    beginInsertRows({}, row, row);
    jobs_.insert(jobs_.begin() + row, job);
    endInsertRows();
}

QueuedJob QueueModel::take(int row) {
    if (row < 0 || row >= count()) return {};
    QueuedJob job = at(row);
    removeRows(row, 1);
    return job;
}

QueuedJob QueueModel::takeNext() {
    return take(0);
}

int QueueModel::nextRunnable() const {
    for (size_t i = 0; i < jobs_.size(); ++i)
        if (jobs_[i].failure.isEmpty()) return int(i);
    return -1;
}

bool QueuedJob::sameRequest(const QueuedJob& other) const {
    return settings == other.settings && mode == other.mode && image == other.image &&
           mask == other.mask && region == other.region && live == other.live;
}

void QueueModel::clear() {
    if (isEmpty()) return;
    beginResetModel();
    jobs_.clear();
    endResetModel();
}

}  // namespace reverie::ui
