#include "ui/queue_panel.h"

#include <QHBoxLayout>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

namespace reverie::ui {

QueuePanel::QueuePanel(QueueModel* model, QWidget* parent)
    : QDockWidget(tr("Queue"), parent), model_(model) {
    setObjectName(QStringLiteral("QueuePanel"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                QDockWidget::DockWidgetClosable);
    auto* body = new QWidget;
    auto* column = new QVBoxLayout(body);
    column->setContentsMargins(4, 4, 4, 4);
    list_ = new QListView;
    list_->setModel(model_);
    list_->setDragDropMode(QAbstractItemView::InternalMove);
    list_->setDefaultDropAction(Qt::MoveAction);
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    list_->setToolTip(tr("Drag to reorder; double-click to edit a job"));
    connect(list_, &QListView::doubleClicked, this,
            [this](const QModelIndex& index) { Q_EMIT jobTakenBack(model_->take(index.row())); });
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

void QueuePanel::removeSelected() {
    QList<int> rows;
    for (const QModelIndex& index : list_->selectionModel()->selectedIndexes()) rows << index.row();
    // The last first, so the rows still to remove keep their numbers.
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    for (int row : rows) model_->take(row);
}

void QueuePanel::clear() {
    model_->clear();
}

}  // namespace reverie::ui
