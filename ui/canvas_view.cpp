#include "ui/canvas_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmap>
#include <QUndoStack>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "ui/image_undo_command.h"
#include "ui/mask_layer.h"

namespace reverie::ui {

namespace {

constexpr double kMinZoom = 0.02;
constexpr double kMaxZoom = 64.0;
constexpr double kFitMargin = 16.0;
const QColor kBackground(0x2a, 0x2c, 0x30);
const QColor kMaskTint(255, 64, 96);

QPixmap checker_tile(qreal dpr) {
    const int cell = 8;
    QPixmap tile(QSize(2 * cell, 2 * cell) * dpr);
    tile.setDevicePixelRatio(dpr);
    tile.fill(QColor(0xcc, 0xcc, 0xcc));
    QPainter p(&tile);
    p.fillRect(0, 0, cell, cell, QColor(0x99, 0x99, 0x99));
    p.fillRect(cell, cell, cell, cell, QColor(0x99, 0x99, 0x99));
    return tile;
}

}  // namespace

CanvasView::CanvasView(QWidget* parent)
    : QWidget(parent), undo_(new QUndoStack(this)), mask_(new MaskLayer(undo_, this)) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 200);
    connect(mask_, &MaskLayer::changed, this, &CanvasView::onMaskChanged);
    connect(mask_, &MaskLayer::visibilityChanged, this, [this] { update(); });
    connect(mask_, &MaskLayer::brushChanged, this, [this] { update(); });
}

double CanvasView::zoom() const {
    return scale_ * devicePixelRatioF();
}

QPointF CanvasView::imageToWidget(QPointF p) const {
    return offset_ + p * scale_;
}

QPointF CanvasView::widgetToImage(QPointF p) const {
    return (p - offset_) / scale_;
}

QRectF CanvasView::imageRectInWidget() const {
    const QSize size = image_.isNull() ? preview_.size() : image_.size();
    return QRectF(offset_, QSizeF(size) * scale_);
}

QRect CanvasView::widgetRectFor(const QRect& imageRect) const {
    const QPointF a = imageToWidget(imageRect.topLeft());
    const QPointF b = imageToWidget(
        QPointF(imageRect.x() + imageRect.width(), imageRect.y() + imageRect.height()));
    return QRectF(a, b).toAlignedRect().adjusted(-1, -1, 1, 1);
}

void CanvasView::setImage(const QImage& image) {
    undo_->clear();
    preview_ = QImage();
    applyImage(image);
    mask_->reset(image_.size());
    fitToWindow();
}

void CanvasView::replaceImage(const QImage& image, const QString& undoText) {
    const bool resized = image.size() != image_.size();
    undo_->push(new ImageReplaceCommand(this, image, undoText));
    if (resized) fitToWindow();
}

void CanvasView::applyImage(const QImage& image) {
    // One fixed format keeps painting on the fast path.
    image_ = image.isNull() ? QImage() : image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    update();
    Q_EMIT imageChanged();
}

void CanvasView::showPreview(const QImage& preview) {
    const bool geometryChanges = image_.isNull() && preview.size() != preview_.size();
    preview_ = preview;
    if (geometryChanges && fit_mode_) fitToWindow();
    update();
}

void CanvasView::clearPreview() {
    if (preview_.isNull()) return;
    preview_ = QImage();
    update();
}

void CanvasView::setZoom(double zoom) {
    zoomAt(QRectF(rect()).center(), zoom);
}

void CanvasView::zoomAt(QPointF widgetPos, double zoom) {
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    const QPointF anchor = widgetToImage(widgetPos);
    scale_ = zoom / devicePixelRatioF();
    offset_ = widgetPos - anchor * scale_;
    fit_mode_ = false;
    update();
    Q_EMIT zoomChanged(zoom);
}

void CanvasView::zoomIn() {
    setZoom(zoom() * std::sqrt(2.0));
}
void CanvasView::zoomOut() {
    setZoom(zoom() / std::sqrt(2.0));
}

void CanvasView::fitToWindow() {
    fit_mode_ = true;
    const QSize size = image_.isNull() ? preview_.size() : image_.size();
    if (size.isEmpty()) {
        update();
        return;
    }
    const double sx = (width() - 2 * kFitMargin) / size.width();
    const double sy = (height() - 2 * kFitMargin) / size.height();
    scale_ = std::clamp(std::min(sx, sy), kMinZoom, kMaxZoom);
    centreImage();
    Q_EMIT zoomChanged(zoom());
}

void CanvasView::zoomTo100() {
    setZoom(1.0);
}

void CanvasView::centreImage() {
    const QSizeF shown = imageRectInWidget().size();
    offset_ = QPointF((width() - shown.width()) / 2.0, (height() - shown.height()) / 2.0);
    update();
}

void CanvasView::updateTint(const QRect& imageRect) {
    const QImage& mask = mask_->image();
    if (mask.isNull()) {
        tint_ = QImage();
        return;
    }
    QRect r = imageRect;
    if (tint_.size() != mask.size()) {
        tint_ = QImage(mask.size(), QImage::Format_ARGB32_Premultiplied);
        r = mask.rect();
    }
    r = r.intersected(mask.rect());
    // Premultiplied colour at half the mask's opacity, so the picture stays visible underneath.
    QRgb lut[256];
    for (int v = 0; v < 256; ++v) {
        const int a = v / 2;
        lut[v] = qRgba(kMaskTint.red() * a / 255, kMaskTint.green() * a / 255,
                       kMaskTint.blue() * a / 255, a);
    }
    for (int y = r.top(); y <= r.bottom(); ++y) {
        const uchar* src = mask.constScanLine(y);
        QRgb* dst = reinterpret_cast<QRgb*>(tint_.scanLine(y));
        for (int x = r.left(); x <= r.right(); ++x) dst[x] = lut[src[x]];
    }
}

void CanvasView::onMaskChanged(const QRect& imageRect) {
    updateTint(imageRect);
    if (mask_->isVisible()) update(widgetRectFor(imageRect));
    if (!mask_->inStroke()) checkMaskEmptiness();
}

void CanvasView::checkMaskEmptiness() {
    const bool empty = mask_->isEmpty();
    if (empty == mask_empty_) return;
    mask_empty_ = empty;
    Q_EMIT maskEmptinessChanged(empty);
}

void CanvasView::paintEvent(QPaintEvent* event) {
    QPainter p(this);
    p.fillRect(event->rect(), kBackground);
    const QImage& shown = image_.isNull() ? preview_ : image_;
    if (shown.isNull()) {
        p.setPen(QColor(0xa0, 0xa4, 0xaa));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Type a prompt and press Generate,\nor open, drop or paste an image to edit "
                      "it."));
        return;
    }
    const QRectF target = imageRectInWidget();
    const QRectF exposed = QRectF(event->rect()).intersected(target);
    if (!exposed.isEmpty()) {
        // Only the image pixels behind the exposed area are drawn.
        const QRect src =
            QRectF(widgetToImage(exposed.topLeft()), widgetToImage(exposed.bottomRight()))
                .toAlignedRect()
                .intersected(shown.rect());
        const QRectF dst(imageToWidget(src.topLeft()),
                         imageToWidget(QPointF(src.x() + src.width(), src.y() + src.height())));
        p.save();
        p.setClipRect(exposed);
        QBrush checker(checker_tile(devicePixelRatioF()));
        checker.setTransform(QTransform::fromTranslate(offset_.x(), offset_.y()));
        p.fillRect(dst, checker);
        // Smooth for overviews and mild enlargement; hard pixels when inspecting up close.
        p.setRenderHint(QPainter::SmoothPixmapTransform, zoom() < 2.0);
        p.drawImage(dst, shown, src);
        if (!preview_.isNull() && !image_.isNull()) {
            // The preview may be smaller (latent-space decode); it is stretched over the image.
            const double sx = double(preview_.width()) / image_.width();
            const double sy = double(preview_.height()) / image_.height();
            p.setRenderHint(QPainter::SmoothPixmapTransform, true);
            p.drawImage(dst, preview_,
                        QRectF(src.x() * sx, src.y() * sy, src.width() * sx, src.height() * sy));
        }
        if (mask_->isVisible() && !tint_.isNull() && preview_.isNull())
            p.drawImage(dst, tint_, src);
        p.restore();
    }
    p.setPen(QColor(0, 0, 0, 160));
    p.setBrush(Qt::NoBrush);
    p.drawRect(target.adjusted(-0.5, -0.5, 0.5, 0.5));

    if (rect().contains(cursor_pos_.toPoint()) && !panning_ && !space_held_ && !image_.isNull()) {
        const double r = mask_->brushSize() * scale_ / 2.0;
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(QColor(0, 0, 0, 180), 1.5));
        p.drawEllipse(cursor_pos_, r + 1, r + 1);
        p.setPen(QPen(mask_->eraser() ? QColor(120, 200, 255) : QColor(255, 255, 255), 1.0,
                      mask_->eraser() ? Qt::DashLine : Qt::SolidLine));
        p.drawEllipse(cursor_pos_, r, r);
    }
}

QRect CanvasView::brushOutlineRect(QPointF widgetPos) const {
    const double r = mask_->brushSize() * scale_ / 2.0 + 3;
    return QRectF(widgetPos - QPointF(r, r), QSizeF(2 * r, 2 * r)).toAlignedRect();
}

void CanvasView::resizeEvent(QResizeEvent*) {
    if (fit_mode_) fitToWindow();
}

void CanvasView::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) return;
    zoomAt(event->position(), zoom() * std::pow(1.25, steps));
    event->accept();
}

void CanvasView::mousePressEvent(QMouseEvent* event) {
    const bool pan =
        event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && space_held_);
    if (pan) {
        panning_ = true;
        pan_last_ = event->position();
        setCursor(Qt::ClosedHandCursor);
    } else if (event->button() == Qt::LeftButton && !image_.isNull()) {
        mask_->beginStroke(widgetToImage(event->position()));
    }
    event->accept();
}

void CanvasView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    if (panning_) {
        offset_ += pos - pan_last_;
        pan_last_ = pos;
        fit_mode_ = false;
        update();
    } else {
        if (mask_->inStroke()) mask_->strokeTo(widgetToImage(pos));
        update(brushOutlineRect(cursor_pos_));
        update(brushOutlineRect(pos));
    }
    cursor_pos_ = pos;
}

void CanvasView::mouseReleaseEvent(QMouseEvent* event) {
    if (panning_ && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
        panning_ = false;
        setCursor(space_held_ ? Qt::OpenHandCursor : Qt::ArrowCursor);
    } else if (event->button() == Qt::LeftButton && mask_->inStroke()) {
        mask_->strokeTo(widgetToImage(event->position()));
        mask_->endStroke();
        checkMaskEmptiness();
    }
}

void CanvasView::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
        case Qt::Key_Space:
            if (!event->isAutoRepeat()) {
                space_held_ = true;
                setCursor(Qt::OpenHandCursor);
                update();
            }
            break;
        case Qt::Key_BracketLeft:
            mask_->setBrushSize(std::min(mask_->brushSize() - 1, int(mask_->brushSize() / 1.25)));
            break;
        case Qt::Key_BracketRight:
            mask_->setBrushSize(std::max(mask_->brushSize() + 1, int(mask_->brushSize() * 1.25)));
            break;
        case Qt::Key_E:
            mask_->setEraser(!mask_->eraser());
            break;
        default:
            QWidget::keyPressEvent(event);
    }
}

void CanvasView::keyReleaseEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        space_held_ = false;
        if (!panning_) setCursor(Qt::ArrowCursor);
        update();
        return;
    }
    QWidget::keyReleaseEvent(event);
}

void CanvasView::leaveEvent(QEvent*) {
    update(brushOutlineRect(cursor_pos_));
    cursor_pos_ = QPointF(-1, -1);
}

}  // namespace reverie::ui
