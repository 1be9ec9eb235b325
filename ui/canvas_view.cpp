#include "ui/canvas_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmap>
#include <QUndoStack>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "ui/canvas_document.h"
#include "ui/color_brush.h"
#include "ui/mask_layer.h"
#include "ui/region_selection.h"

namespace reverie::ui {

namespace {

constexpr double kMinZoom = 0.02;
constexpr double kMaxZoom = 64.0;
constexpr double kFitMargin = 16.0;
const QColor kBackground(0x2a, 0x2c, 0x30);
const QColor kMaskTint(255, 64, 96);
// Live results are offered, not applied: the painting shows through them.
constexpr double kLiveOpacity = 0.7;

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
    : QWidget(parent),
      doc_(new CanvasDocument(this)),
      color_brush_(new ColorBrush(doc_, this)),
      region_(new RegionSelection(this)) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 200);
    MaskLayer* mask = doc_->mask();
    connect(mask, &MaskLayer::changed, this, &CanvasView::onMaskChanged);
    connect(mask, &MaskLayer::visibilityChanged, this, [this] { update(); });
    connect(mask, &MaskLayer::brushChanged, this, [this] { update(); });
    connect(color_brush_, &ColorBrush::brushChanged, this, [this] { update(); });
    connect(doc_, &CanvasDocument::pixelsChanged, this,
            [this](const QRect& r) { update(widgetRectFor(r)); });
    connect(doc_, &CanvasDocument::contentChanged, this, [this] {
        update();
        Q_EMIT imageChanged();
    });
    connect(doc_, &CanvasDocument::sizeChanged, this, [this](QSize size) {
        region_->setBounds(size);
        fitToWindow();
    });
    connect(region_, &RegionSelection::changed, this, [this] { update(); });
}

QImage CanvasView::image() const {
    return doc_->flattened();
}

MaskLayer* CanvasView::mask() const {
    return doc_->mask();
}

QUndoStack* CanvasView::undoStack() const {
    return doc_->undoStack();
}

BrushTool* CanvasView::brush() const {
    if (tool_ == CanvasTool::MaskBrush) return doc_->mask();
    return color_brush_;
}

void CanvasView::setTool(CanvasTool tool) {
    if (tool == tool_) return;
    if (brush()->inStroke()) brush()->endStroke();
    tool_ = tool;
    setCursor(tool == CanvasTool::ColorPicker || tool == CanvasTool::Region ? Qt::CrossCursor
                                                                            : Qt::ArrowCursor);
    update();
    Q_EMIT toolChanged(tool);
}

QSize CanvasView::documentSize() const {
    return doc_->isNull() ? preview_.size() : doc_->size();
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
    return QRectF(offset_, QSizeF(documentSize()) * scale_);
}

QRect CanvasView::widgetRectFor(const QRect& imageRect) const {
    const QPointF a = imageToWidget(imageRect.topLeft());
    const QPointF b = imageToWidget(
        QPointF(imageRect.x() + imageRect.width(), imageRect.y() + imageRect.height()));
    return QRectF(a, b).toAlignedRect().adjusted(-1, -1, 1, 1);
}

void CanvasView::setImage(const QImage& image, const QString& parameters) {
    preview_ = QImage();
    doc_->reset(image, parameters);
    fitToWindow();
}

void CanvasView::replaceImage(const QImage& image, const QString& undoText,
                              const QString& parameters) {
    doc_->replaceAll(image, undoText, parameters);
}

void CanvasView::addLayer(const QImage& image, const QString& name, const QString& undoText,
                          const QString& parameters) {
    doc_->addLayer(image, name, undoText, parameters);
}

void CanvasView::showPreview(const QImage& preview, const QRect& where) {
    const bool geometryChanges = doc_->isNull() && preview.size() != preview_.size();
    preview_ = preview;
    preview_rect_ = where;
    if (geometryChanges && fit_mode_) fitToWindow();
    update();
}

void CanvasView::clearPreview() {
    if (preview_.isNull()) return;
    preview_ = QImage();
    update();
}

void CanvasView::setLiveResult(const QImage& layer) {
    live_ = layer;
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
    const QSize size = documentSize();
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
    const QImage& mask = doc_->mask()->image();
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
    if (doc_->mask()->isVisible()) update(widgetRectFor(imageRect));
    if (!doc_->mask()->inStroke()) checkMaskEmptiness();
}

void CanvasView::checkMaskEmptiness() {
    const bool empty = doc_->mask()->isEmpty();
    if (empty == mask_empty_) return;
    mask_empty_ = empty;
    Q_EMIT maskEmptinessChanged(empty);
}

// Each visible layer is drawn with its opacity straight from its pixels: a stroke repaints only
// its rectangle, whatever the document's size.
void CanvasView::drawLayers(QPainter& p, const QRect& src, const QRectF& dst) const {
    for (const Layer& layer : doc_->layers()) {
        if (!layer.visible || layer.opacity <= 0) continue;
        p.setOpacity(layer.opacity);
        p.drawImage(dst, layer.image, src);
    }
    p.setOpacity(1.0);
}

void CanvasView::paintEvent(QPaintEvent* event) {
    QPainter p(this);
    p.fillRect(event->rect(), kBackground);
    const QSize size = documentSize();
    if (size.isEmpty()) {
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
                .intersected(QRect(QPoint(), size));
        const QRectF dst(imageToWidget(src.topLeft()),
                         imageToWidget(QPointF(src.x() + src.width(), src.y() + src.height())));
        p.save();
        p.setClipRect(exposed);
        QBrush checker(checker_tile(devicePixelRatioF()));
        checker.setTransform(QTransform::fromTranslate(offset_.x(), offset_.y()));
        p.fillRect(dst, checker);
        // Smooth for overviews and mild enlargement; hard pixels when inspecting up close.
        p.setRenderHint(QPainter::SmoothPixmapTransform, zoom() < 2.0);
        if (doc_->isNull()) {
            p.drawImage(dst, preview_, src);
        } else {
            drawLayers(p, src, dst);
            if (live_.size() == size) {
                p.setOpacity(kLiveOpacity);
                p.drawImage(dst, live_, src);
                p.setOpacity(1.0);
            }
            if (!preview_.isNull()) {
                // The preview may be smaller (latent-space decode); it is stretched over its place:
                // the whole image, or the region being generated.
                const QRect place = preview_rect_.isEmpty() ? QRect(QPoint(), size) : preview_rect_;
                const QRectF placed(imageToWidget(place.topLeft()), QSizeF(place.size()) * scale_);
                p.setRenderHint(QPainter::SmoothPixmapTransform, true);
                p.drawImage(placed, preview_);
            }
        }
        if (doc_->mask()->isVisible() && !tint_.isNull() && preview_.isNull())
            p.drawImage(dst, tint_, src);
        p.restore();
    }
    p.setPen(QColor(0, 0, 0, 160));
    p.setBrush(Qt::NoBrush);
    p.drawRect(target.adjusted(-0.5, -0.5, 0.5, 0.5));
    region_->paint(p, QTransform(scale_, 0, 0, scale_, offset_.x(), offset_.y()), target);
    if (tool_ == CanvasTool::Region && !doc_->isNull()) edges_.paint(p, target, scale_);

    const bool brushTool = tool_ == CanvasTool::MaskBrush || tool_ == CanvasTool::ColorBrush;
    if (brushTool && rect().contains(cursor_pos_.toPoint()) && !panning_ && !space_held_ &&
        !doc_->isNull()) {
        const BrushTool* b = brush();
        const double r = b->brushSize() * scale_ / 2.0;
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(QColor(0, 0, 0, 180), 1.5));
        p.drawEllipse(cursor_pos_, r + 1, r + 1);
        const QColor ring = b->eraser()                       ? QColor(120, 200, 255)
                            : tool_ == CanvasTool::ColorBrush ? color_brush_->color()
                                                              : QColor(255, 255, 255);
        p.setPen(QPen(ring, 1.0, b->eraser() ? Qt::DashLine : Qt::SolidLine));
        p.drawEllipse(cursor_pos_, r, r);
    }
}

QRect CanvasView::brushOutlineRect(QPointF widgetPos) const {
    const double r = brush()->brushSize() * scale_ / 2.0 + 3;
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
    } else if (event->button() == Qt::LeftButton && !doc_->isNull()) {
        // Ctrl-click picks a colour with any tool, as in Krita.
        if (tool_ == CanvasTool::ColorPicker || (event->modifiers() & Qt::ControlModifier))
            pickColor(event->position());
        else if (tool_ == CanvasTool::Region) {
            const auto side = edges_.hit(event->position(), imageRectInWidget());
            if (side != EdgeHandles::Side::None)
                edges_.begin(side, event->position());
            else
                region_->begin(widgetToImage(event->position()));
        } else
            brush()->beginStroke(widgetToImage(event->position()));
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
        if (region_->dragging()) region_->dragTo(widgetToImage(pos));
        if (edges_.dragging()) {
            edges_.dragTo(pos);
            update();
        }
        if (brush()->inStroke()) brush()->strokeTo(widgetToImage(pos));
        update(brushOutlineRect(cursor_pos_));
        update(brushOutlineRect(pos));
    }
    cursor_pos_ = pos;
}

void CanvasView::mouseReleaseEvent(QMouseEvent* event) {
    if (panning_ && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
        panning_ = false;
        setCursor(space_held_ ? Qt::OpenHandCursor : Qt::ArrowCursor);
    } else if (event->button() == Qt::LeftButton && edges_.dragging()) {
        edges_.dragTo(event->position());
        const QMargins grow = edges_.end(scale_);
        update();
        if (!grow.isNull()) Q_EMIT expandRequested(grow);
    } else if (event->button() == Qt::LeftButton && region_->dragging()) {
        region_->end(widgetToImage(event->position()));
    } else if (event->button() == Qt::LeftButton && brush()->inStroke()) {
        brush()->strokeTo(widgetToImage(event->position()));
        brush()->endStroke();
        checkMaskEmptiness();
    }
}

void CanvasView::pickColor(QPointF widgetPos) {
    const QPoint at = widgetToImage(widgetPos).toPoint();
    const QImage flat = image();
    if (!flat.rect().contains(at)) return;
    const QColor c = flat.pixelColor(at);  // unpremultiplied
    if (c.alpha() == 0) return;            // nothing there to pick
    color_brush_->setColor(c);
    if (tool_ == CanvasTool::ColorPicker) setTool(CanvasTool::ColorBrush);
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
            brush()->shrinkBrush();
            break;
        case Qt::Key_BracketRight:
            brush()->growBrush();
            break;
        case Qt::Key_E:
            brush()->setEraser(!brush()->eraser());
            break;
        case Qt::Key_Escape:
            if (region_->isEmpty()) QWidget::keyPressEvent(event);
            region_->clear();
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
