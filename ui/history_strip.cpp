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

void HistoryStrip::addImage(const QImage& image, const QString& parameters, const QString& kind) {
    entries_.push_back({image, QString(), parameters});
    addItem(image, parameters, kind);
}

void HistoryStrip::addFile(const QString& path, const QImage& thumbnail,
                           const QString& parameters) {
    entries_.push_back({QImage(), path, parameters});
    // An image made from the canvas records its denoising strength.
    addItem(thumbnail, parameters,
            parameters.contains(QLatin1String("Denoising strength:")) ? tr("refine") : tr("new"));
}

QImage HistoryStrip::image(int index) const {
    const Entry& e = entries_.at(size_t(index));
    return e.image.isNull() ? QImage(e.path) : e.image;
}

void HistoryStrip::addItem(const QImage& picture, const QString& parameters, const QString& kind) {
    const QImage thumb =
        picture.scaled(kThumb, kThumb, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    auto* item = new QListWidgetItem(QIcon(QPixmap::fromImage(thumb)),
                                     kind.isEmpty()
                                         ? QStringLiteral("#%1").arg(entries_.size())
                                         : QStringLiteral("#%1 %2").arg(entries_.size()).arg(kind));
    item->setToolTip(parameters.isEmpty() ? tr("No parameters") : parameters);
    list_->addItem(item);
    list_->scrollToItem(item);
}

}  // namespace reverie::ui
