#include "ui/layers_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/canvas_document.h"

namespace reverie::ui {

namespace {
constexpr int kThumb = 40;
}

LayersPanel::LayersPanel(CanvasDocument* document, QWidget* parent)
    : QDockWidget(tr("Layers"), parent), doc_(document) {
    setObjectName(QStringLiteral("LayersPanel"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                QDockWidget::DockWidgetClosable);
    auto* body = new QWidget;
    auto* column = new QVBoxLayout(body);
    column->setContentsMargins(4, 4, 4, 4);

    auto* opacityRow = new QHBoxLayout;
    opacityRow->addWidget(new QLabel(tr("Opacity")));
    opacity_ = new QSlider(Qt::Horizontal);
    opacity_->setObjectName(QStringLiteral("layerOpacity"));
    opacity_->setRange(0, 100);
    opacityRow->addWidget(opacity_, 1);
    column->addLayout(opacityRow);

    list_ = new QListWidget;
    list_->setIconSize(QSize(kThumb, kThumb));
    list_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    list_->setToolTip(tr("Tick to show; double-click to rename"));
    column->addWidget(list_, 1);

    auto* buttons = new QHBoxLayout;
    auto addButton = [&](const QString& name, const QString& text, const QString& tip, auto slot) {
        auto* b = new QToolButton;
        b->setObjectName(name);
        b->setText(text);
        b->setToolTip(tip);
        connect(b, &QToolButton::clicked, this, slot);
        buttons->addWidget(b);
    };
    const auto active = [this] { return doc_->activeIndex(); };
    addButton(QStringLiteral("addLayer"), QStringLiteral("+"), tr("New empty layer"), [this] {
        QImage blank(doc_->size(), QImage::Format_ARGB32_Premultiplied);
        blank.fill(Qt::transparent);
        doc_->addLayer(blank, tr("Layer %1").arg(doc_->layerCount() + 1));
    });
    addButton(QStringLiteral("deleteLayer"), QStringLiteral("−"), tr("Delete layer"),
              [this, active] { doc_->removeLayer(active()); });
    addButton(QStringLiteral("raiseLayer"), QStringLiteral("▲"), tr("Move up"),
              [this, active] { doc_->moveLayer(active(), active() + 1); });
    addButton(QStringLiteral("lowerLayer"), QStringLiteral("▼"), tr("Move down"),
              [this, active] { doc_->moveLayer(active(), active() - 1); });
    addButton(QStringLiteral("mergeDown"), tr("Merge"), tr("Merge down"),
              [this, active] { doc_->mergeDown(active()); });
    buttons->addStretch();
    column->addLayout(buttons);
    setWidget(body);

    connect(doc_, &CanvasDocument::layersChanged, this, &LayersPanel::rebuild);
    // A finished stroke changes a layer's pixels: its thumbnail follows.
    connect(doc_, &CanvasDocument::contentChanged, this, &LayersPanel::rebuild);
    connect(doc_, &CanvasDocument::activeLayerChanged, this, &LayersPanel::syncActive);
    // The list is rebuilt when the document changes, so edits made in it reach the document
    // after the list's own signal has returned.
    connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (rebuilding_ || row < 0) return;
        const int index = rowToIndex(row);
        QMetaObject::invokeMethod(
            doc_, [this, index] { doc_->setActiveIndex(index); }, Qt::QueuedConnection);
    });
    connect(list_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (rebuilding_) return;
        const int index = rowToIndex(list_->row(item));
        const bool visible = item->checkState() == Qt::Checked;
        const QString name = item->text().trimmed();
        QMetaObject::invokeMethod(
            doc_,
            [this, index, visible, name] {
                if (index >= doc_->layerCount()) return;
                if (visible != doc_->layer(index).visible)
                    doc_->setLayerVisible(index, visible);
                else
                    doc_->renameLayer(index, name);
            },
            Qt::QueuedConnection);
    });
    connect(opacity_, &QSlider::valueChanged, this, [this](int v) {
        if (!rebuilding_) doc_->setLayerOpacity(doc_->activeIndex(), v / 100.0);
    });
    rebuild();
}

QToolButton* LayersPanel::button(const QString& name) const {
    return findChild<QToolButton*>(name);
}

// The list shows the top layer first; the document keeps the bottom one first.
int LayersPanel::rowToIndex(int row) const {
    return doc_->layerCount() - 1 - row;
}

// Rows are updated in place, so an open name editor or the selection survive the update.
void LayersPanel::rebuild() {
    rebuilding_ = true;
    while (list_->count() > doc_->layerCount()) delete list_->takeItem(list_->count() - 1);
    while (list_->count() < doc_->layerCount()) {
        auto* item = new QListWidgetItem;
        item->setFlags(item->flags() | Qt::ItemIsEditable | Qt::ItemIsUserCheckable);
        list_->addItem(item);
    }
    for (int row = 0; row < list_->count(); ++row) {
        const Layer& l = doc_->layer(rowToIndex(row));
        QListWidgetItem* item = list_->item(row);
        item->setText(l.name);
        // A thumbnail is made again only when the layer's pixels changed.
        if (item->data(Qt::UserRole).toLongLong() != l.image.cacheKey()) {
            // A control layer as the ControlNet sees it: its white strokes on black.
            QImage shown = l.isControl() ? control_picture(l.image) : l.image;
            if (shown.isNull()) {
                shown = QImage(l.image.size(), QImage::Format_RGB32);
                shown.fill(Qt::black);
            }
            // Thin strokes would vanish between the samples of a fast scaling.
            const auto quality = l.isControl() ? Qt::SmoothTransformation : Qt::FastTransformation;
            item->setIcon(QIcon(
                QPixmap::fromImage(shown.scaled(kThumb, kThumb, Qt::KeepAspectRatio, quality))));
            item->setData(Qt::UserRole, l.image.cacheKey());
        }
        item->setCheckState(l.visible ? Qt::Checked : Qt::Unchecked);
        // Control layers steer a generation instead of being part of the picture.
        QFont font = item->font();
        font.setItalic(l.isControl());
        item->setFont(font);
        item->setData(Qt::ToolTipRole, l.isControl() ? QVariant(tr("Control layer of a ControlNet "
                                                                   "unit; tick to show"))
                                                     : QVariant());
    }
    rebuilding_ = false;
    syncActive();
}

void LayersPanel::syncActive() {
    rebuilding_ = true;
    const int active = doc_->activeIndex();
    if (active >= 0) {
        list_->setCurrentRow(indexToRow(active));
        opacity_->setValue(int(doc_->layer(active).opacity * 100 + 0.5));
    }
    opacity_->setEnabled(active >= 0);
    rebuilding_ = false;
}

}  // namespace reverie::ui
