#include "ui/history_strip.h"

#include <QListWidget>

namespace reverie::ui {

namespace {
constexpr int kThumb = 96;
}

HistoryStrip::HistoryStrip(QWidget* parent) : QDockWidget(tr("History"), parent) {
    setObjectName(QStringLiteral("HistoryStrip"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                QDockWidget::DockWidgetClosable);
    list_ = new QListWidget;
    list_->setViewMode(QListView::IconMode);
    list_->setFlow(QListView::LeftToRight);
    list_->setWrapping(false);
    list_->setMovement(QListView::Static);
    list_->setIconSize(QSize(kThumb, kThumb));
    list_->setSpacing(4);
    list_->setFixedHeight(kThumb + 36);
    list_->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    connect(list_, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { Q_EMIT imageActivated(list_->row(item)); });
    setWidget(list_);
}

void HistoryStrip::addImage(const QImage& image, const QString& parameters) {
    entries_.push_back({image, parameters});
    const QImage thumb =
        image.scaled(kThumb, kThumb, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    auto* item = new QListWidgetItem(QIcon(QPixmap::fromImage(thumb)),
                                     QStringLiteral("#%1").arg(entries_.size()));
    item->setToolTip(parameters.isEmpty() ? tr("No parameters") : parameters);
    list_->addItem(item);
    list_->scrollToItem(item);
}

}  // namespace reverie::ui
