#include "ui/region_selection.h"

#include <QPainter>
#include <QPainterPath>
#include <QTransform>
#include <cmath>

namespace reverie::ui {

void RegionSelection::setBounds(QSize bounds) {
    if (bounds == bounds_) return;
    bounds_ = bounds;
    clear();
}

void RegionSelection::setRect(const QRect& rect) {
    QRect r = rect.normalized().intersected(QRect(QPoint(), bounds_));
    if (r.width() < kMinSide || r.height() < kMinSide) r = QRect();
    if (r == rect_) return;
    rect_ = r;
    Q_EMIT changed(rect_);
}

QRect RegionSelection::spanned(QPointF to) const {
    const QPoint a(int(std::floor(anchor_.x())), int(std::floor(anchor_.y())));
    const QPoint b(int(std::floor(to.x())), int(std::floor(to.y())));
    return QRect(a, b).normalized();
}

void RegionSelection::begin(QPointF imagePos) {
    anchor_ = imagePos;
    dragging_ = true;
}

void RegionSelection::dragTo(QPointF imagePos) {
    if (!dragging_) return;
    // While dragging the rectangle may be small; it only has to be big enough when released.
    const QRect r = spanned(imagePos).intersected(QRect(QPoint(), bounds_));
    if (r == rect_) return;
    rect_ = r;
    Q_EMIT changed(rect_);
}

void RegionSelection::end(QPointF imagePos) {
    if (!dragging_) return;
    dragging_ = false;
    const QRect r = spanned(imagePos);
    rect_ = QRect();  // so setRect reports the final state even when it equals the drag's
    setRect(r);
    if (rect_.isEmpty()) Q_EMIT changed(rect_);
}

void RegionSelection::paint(QPainter& p, const QTransform& toWidget,
                            const QRectF& widgetImageRect) const {
    if (rect_.isEmpty()) return;
    const QRectF r = toWidget.mapRect(QRectF(rect_));
    p.save();
    // Outside the region dimmed: what the generation will not touch.
    QPainterPath outside;
    outside.addRect(widgetImageRect);
    QPainterPath inside;
    inside.addRect(r);
    p.fillPath(outside.subtracted(inside), QColor(0, 0, 0, 70));
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(0, 0, 0, 200), 1.0));
    p.drawRect(r.adjusted(-0.5, -0.5, 0.5, 0.5));
    p.setPen(QPen(QColor(255, 255, 255, 230), 1.0, Qt::DashLine));
    p.drawRect(r.adjusted(-0.5, -0.5, 0.5, 0.5));
    const QString label = QStringLiteral("%1×%2").arg(rect_.width()).arg(rect_.height());
    const QRectF text = p.fontMetrics().boundingRect(label).adjusted(-4, -2, 4, 2);
    const QRectF box(r.topLeft() + QPointF(4, 4), text.size());
    p.fillRect(box, QColor(0, 0, 0, 160));
    p.setPen(Qt::white);
    p.drawText(box, Qt::AlignCenter, label);
    p.restore();
}

}  // namespace reverie::ui
