#include "ui/edge_handles.h"

#include <QPainter>
#include <cmath>

namespace reverie::ui {

namespace {

QRectF handle_at(QPointF centre) {
    const double h = EdgeHandles::kHandle;
    return QRectF(centre - QPointF(h / 2, h / 2), QSizeF(h, h));
}

QRectF handle_rect(EdgeHandles::Side side, const QRectF& c) {
    switch (side) {
        case EdgeHandles::Side::Left:
            return handle_at(QPointF(c.left(), c.center().y()));
        case EdgeHandles::Side::Top:
            return handle_at(QPointF(c.center().x(), c.top()));
        case EdgeHandles::Side::Right:
            return handle_at(QPointF(c.right(), c.center().y()));
        case EdgeHandles::Side::Bottom:
            return handle_at(QPointF(c.center().x(), c.bottom()));
        case EdgeHandles::Side::None:
            break;
    }
    return {};
}

constexpr EdgeHandles::Side kSides[] = {EdgeHandles::Side::Left, EdgeHandles::Side::Top,
                                        EdgeHandles::Side::Right, EdgeHandles::Side::Bottom};

int round8(double v) {
    return std::max(0, int(std::lround(v / 8.0)) * 8);
}

}  // namespace

EdgeHandles::Side EdgeHandles::hit(QPointF widgetPos, const QRectF& canvas) const {
    for (Side s : kSides)
        if (handle_rect(s, canvas).adjusted(-4, -4, 4, 4).contains(widgetPos)) return s;
    return Side::None;
}

void EdgeHandles::begin(Side side, QPointF widgetPos) {
    side_ = side;
    start_ = now_ = widgetPos;
}

QMargins EdgeHandles::growth(double scale) const {
    if (side_ == Side::None || scale <= 0) return {};
    const QPointF d = (now_ - start_) / scale;
    switch (side_) {
        case Side::Left:
            return QMargins(round8(-d.x()), 0, 0, 0);
        case Side::Top:
            return QMargins(0, round8(-d.y()), 0, 0);
        case Side::Right:
            return QMargins(0, 0, round8(d.x()), 0);
        case Side::Bottom:
            return QMargins(0, 0, 0, round8(d.y()));
        case Side::None:
            break;
    }
    return {};
}

QMargins EdgeHandles::end(double scale) {
    const QMargins m = growth(scale);
    side_ = Side::None;
    return m;
}

void EdgeHandles::paint(QPainter& p, const QRectF& canvas, double scale) const {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    if (dragging()) {
        const QMargins m = growth(scale);
        const QRectF grown = canvas.adjusted(-m.left() * scale, -m.top() * scale, m.right() * scale,
                                             m.bottom() * scale);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(QColor(255, 255, 255, 220), 1.0, Qt::DashLine));
        p.drawRect(grown);
    }
    p.setPen(QPen(QColor(0, 0, 0, 200), 1.0));
    p.setBrush(QColor(255, 255, 255, 230));
    for (Side s : kSides) p.drawRect(handle_rect(s, canvas));
    p.restore();
}

}  // namespace reverie::ui
