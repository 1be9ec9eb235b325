#include "ui/history_strip.h"

#include <QListView>

namespace reverie::ui {

HistoryStrip::HistoryStrip(HistoryModel* model, QWidget* parent)
    : QDockWidget(tr("History"), parent), model_(model) {
    setObjectName(QStringLiteral("HistoryStrip"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                QDockWidget::DockWidgetClosable);
    list_ = new QListView;
    list_->setViewMode(QListView::IconMode);
    list_->setFlow(QListView::LeftToRight);
    list_->setWrapping(false);
    list_->setMovement(QListView::Static);
    list_->setIconSize(QSize(kHistoryThumbnail, kHistoryThumbnail));
    list_->setSpacing(4);
    list_->setFixedHeight(kHistoryThumbnail + 36);
    list_->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    list_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    list_->setModel(model_);
    connect(list_, &QListView::clicked, this,
            [this](const QModelIndex& index) { Q_EMIT imageActivated(index.row()); });
    // The newest result in sight.
    connect(model_, &QAbstractItemModel::rowsInserted, list_,
            [this](const QModelIndex&, int, int last) { list_->scrollTo(model_->index(last)); });
    setWidget(list_);
}

void HistoryStrip::addImage(const QImage& image, const QString& parameters, const QString& kind) {
    HistoryEntry e;
    e.image = image;
    e.parameters = parameters;
    e.kind = kind;
    model_->append(std::move(e));
}

void HistoryStrip::addFile(const QString& path, const QImage& thumbnail,
                           const QString& parameters) {
    HistoryEntry e;
    e.image_path = path;
    e.thumbnail = thumbnail;
    e.parameters = parameters;
    model_->append(std::move(e));
}

}  // namespace reverie::ui
