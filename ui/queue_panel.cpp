#include "ui/queue_panel.h"

#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace reverie::ui {

namespace {

QString summary(const GenerationSettings& s) {
    QString prompt = s.prompt.simplified();
    if (prompt.size() > 60) prompt = prompt.left(57) + QStringLiteral("…");
    return QStringLiteral("%1  (%2×%3, %4, %5×)")
        .arg(prompt.isEmpty() ? QueuePanel::tr("(empty prompt)") : prompt)
        .arg(s.width)
        .arg(s.height)
        .arg(s.sampler)
        .arg(s.batch_count);
}

}  // namespace

QueuePanel::QueuePanel(QWidget* parent) : QDockWidget(tr("Queue"), parent) {
    setObjectName(QStringLiteral("QueuePanel"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                QDockWidget::DockWidgetClosable);
    auto* body = new QWidget;
    auto* column = new QVBoxLayout(body);
    column->setContentsMargins(4, 4, 4, 4);
    list_ = new QListWidget;
    list_->setDragDropMode(QAbstractItemView::InternalMove);
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list_->setToolTip(tr("Drag to reorder; double-click to edit a job"));
    connect(list_, &QListWidget::itemDoubleClicked, this,
            [this](QListWidgetItem* item) { Q_EMIT jobTakenBack(take(item)); });
    column->addWidget(list_);
    auto* row = new QHBoxLayout;
    auto* remove = new QPushButton(tr("Remove"));
    auto* clearAll = new QPushButton(tr("Clear"));
    connect(remove, &QPushButton::clicked, this, &QueuePanel::removeSelected);
    connect(clearAll, &QPushButton::clicked, this, &QueuePanel::clear);
    row->addWidget(remove);
    row->addWidget(clearAll);
    row->addStretch();
    column->addLayout(row);
    setWidget(body);
}

void QueuePanel::enqueue(const QueuedJob& job, bool front) {
    const int id = next_id_++;
    jobs_[id] = job;
    auto* item = new QListWidgetItem(summary(job.settings));
    item->setData(Qt::UserRole, id);
    item->setToolTip(job.settings.prompt);
    list_->insertItem(front ? 0 : list_->count(), item);
    Q_EMIT countChanged(count());
}

QueuedJob QueuePanel::take(QListWidgetItem* item) {
    const int id = item->data(Qt::UserRole).toInt();
    QueuedJob job = jobs_.at(id);
    jobs_.erase(id);
    delete item;
    Q_EMIT countChanged(count());
    return job;
}

QueuedJob QueuePanel::takeNext() {
    if (list_->count() == 0) return {};
    return take(list_->item(0));
}

void QueuePanel::removeSelected() {
    for (QListWidgetItem* item : list_->selectedItems()) take(item);
}

void QueuePanel::clear() {
    while (list_->count() > 0) take(list_->item(0));
}

}  // namespace reverie::ui
