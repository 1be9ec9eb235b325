#include "ui/mask_layer.h"

#include <QPainter>
#include <QRadialGradient>
#include <QUndoStack>
#include <algorithm>
#include <cmath>
#include <cstring>

#include "ui/mask_undo_commands.h"

namespace reverie::ui {

namespace {

constexpr int kTile = 64;

quint64 tile_key(int tx, int ty) {
    return (quint64(quint32(ty)) << 32) | quint32(tx);
}

}  // namespace

MaskLayer::MaskLayer(QUndoStack* undo, QObject* parent) : QObject(parent), undo_(undo) {
    rebuildDab();
}

void MaskLayer::reset(QSize size) {
    mask_ = QImage(size, QImage::Format_Grayscale8);
    mask_.fill(0);
    Q_EMIT changed(mask_.rect());
}

void MaskLayer::setImage(const QImage& mask) {
    mask_ = mask.convertToFormat(QImage::Format_Grayscale8);
    Q_EMIT changed(mask_.rect());
}

bool MaskLayer::isEmpty() const {
    for (int y = 0; y < mask_.height(); ++y) {
        const uchar* row = mask_.constScanLine(y);
        if (std::any_of(row, row + mask_.width(), [](uchar v) { return v != 0; })) return false;
    }
    return true;
}

void MaskLayer::setBrushSize(int diameter) {
    diameter = std::clamp(diameter, 1, 2048);
    if (diameter == brush_size_) return;
    brush_size_ = diameter;
    rebuildDab();
    Q_EMIT brushChanged();
}

void MaskLayer::setHardness(double hardness) {
    hardness = std::clamp(hardness, 0.0, 1.0);
    if (hardness == hardness_) return;
    hardness_ = hardness;
    rebuildDab();
    Q_EMIT brushChanged();
}

void MaskLayer::setEraser(bool on) {
    if (on == eraser_) return;
    eraser_ = on;
    Q_EMIT brushChanged();
}

void MaskLayer::setVisible(bool on) {
    if (on == visible_) return;
    visible_ = on;
    Q_EMIT visibilityChanged(on);
}

// The footprint is rendered once per size/hardness with a radial gradient (full coverage inside
// `hardness * radius`, fading to zero at the rim) and then stamped by plain byte maths.
void MaskLayer::rebuildDab() {
    const int d = brush_size_;
    const double r = d / 2.0;
    QImage argb(d, d, QImage::Format_ARGB32_Premultiplied);
    argb.fill(Qt::transparent);
    {
        QPainter p(&argb);
        p.setRenderHint(QPainter::Antialiasing);
        QRadialGradient g(QPointF(r, r), r);
        g.setColorAt(0.0, Qt::white);
        g.setColorAt(std::min(hardness_, 0.999), Qt::white);
        g.setColorAt(1.0, QColor(255, 255, 255, 0));
        p.setPen(Qt::NoPen);
        p.setBrush(g);
        p.drawEllipse(QPointF(r, r), r, r);
    }
    dab_ = QImage(d, d, QImage::Format_Grayscale8);
    for (int y = 0; y < d; ++y) {
        const QRgb* src = reinterpret_cast<const QRgb*>(argb.constScanLine(y));
        uchar* dst = dab_.scanLine(y);
        for (int x = 0; x < d; ++x) dst[x] = uchar(qAlpha(src[x]));
    }
    // A one-pixel brush must still paint its pixel.
    if (d <= 2) dab_.fill(255);
}

void MaskLayer::rememberTiles(const QRect& r) {
    for (int ty = r.top() / kTile; ty <= r.bottom() / kTile; ++ty) {
        for (int tx = r.left() / kTile; tx <= r.right() / kTile; ++tx) {
            const quint64 key = tile_key(tx, ty);
            if (stroke_tiles_.count(key)) continue;
            stroke_tiles_.emplace(key, mask_.copy(tx * kTile, ty * kTile, kTile, kTile));
        }
    }
}

QRect MaskLayer::stamp(QPointF centre) {
    const int d = dab_.width();
    const int x0 = int(std::floor(centre.x() - d / 2.0 + 0.5));
    const int y0 = int(std::floor(centre.y() - d / 2.0 + 0.5));
    const QRect r = QRect(x0, y0, d, d).intersected(mask_.rect());
    if (r.isEmpty()) return r;
    rememberTiles(r);
    for (int y = r.top(); y <= r.bottom(); ++y) {
        uchar* row = mask_.scanLine(y);
        const uchar* cov = dab_.constScanLine(y - y0) - x0;
        if (eraser_) {
            for (int x = r.left(); x <= r.right(); ++x)
                row[x] = std::min<uchar>(row[x], 255 - cov[x]);
        } else {
            for (int x = r.left(); x <= r.right(); ++x) row[x] = std::max(row[x], cov[x]);
        }
    }
    return r;
}

void MaskLayer::beginStroke(QPointF p) {
    if (mask_.isNull()) return;
    in_stroke_ = true;
    stroke_tiles_.clear();
    last_point_ = p;
    residual_ = 0;
    stroke_rect_ = stamp(p);
    if (!stroke_rect_.isEmpty()) Q_EMIT changed(stroke_rect_);
}

void MaskLayer::strokeTo(QPointF p) {
    if (!in_stroke_) return;
    const double spacing = std::max(1.0, brush_size_ / 8.0);  // a quarter of the radius
    const QPointF delta = p - last_point_;
    const double length = std::hypot(delta.x(), delta.y());
    QRect dirty;
    double t = spacing - residual_;
    for (; t <= length; t += spacing) dirty |= stamp(last_point_ + delta * (t / length));
    residual_ = length - (t - spacing);
    last_point_ = p;
    if (!dirty.isEmpty()) {
        stroke_rect_ |= dirty;
        Q_EMIT changed(dirty);
    }
}

void MaskLayer::endStroke() {
    if (!in_stroke_) return;
    in_stroke_ = false;
    if (stroke_rect_.isEmpty()) return;
    QImage before = mask_.copy(stroke_rect_);
    // Untouched tiles inside the bounding rect already hold their original pixels.
    for (const auto& [key, tile] : stroke_tiles_) {
        const QPoint origin(int(quint32(key)) * kTile, int(key >> 32) * kTile);
        const QRect part = QRect(origin, tile.size()).intersected(stroke_rect_);
        for (int y = part.top(); y <= part.bottom(); ++y) {
            std::memcpy(
                before.scanLine(y - stroke_rect_.top()) + (part.left() - stroke_rect_.left()),
                tile.constScanLine(y - origin.y()) + (part.left() - origin.x()),
                size_t(part.width()));
        }
    }
    stroke_tiles_.clear();
    undo_->push(new MaskPatchCommand(this, stroke_rect_, std::move(before),
                                     mask_.copy(stroke_rect_),
                                     eraser_ ? tr("Erase mask") : tr("Paint mask")));
    stroke_rect_ = QRect();
}

void MaskLayer::writePatch(const QRect& r, const QImage& patch) {
    for (int y = 0; y < r.height(); ++y)
        std::memcpy(mask_.scanLine(r.top() + y) + r.left(), patch.constScanLine(y),
                    size_t(r.width()));
    Q_EMIT changed(r);
}

void MaskLayer::invertPixels(const QRect& r) {
    for (int y = r.top(); y <= r.bottom(); ++y) {
        uchar* row = mask_.scanLine(y);
        for (int x = r.left(); x <= r.right(); ++x) row[x] = uchar(255 - row[x]);
    }
    Q_EMIT changed(r);
}

void MaskLayer::setAll(uchar value, const QString& text) {
    if (mask_.isNull()) return;
    QImage before = mask_.copy();
    QImage after(mask_.size(), QImage::Format_Grayscale8);
    after.fill(value);
    writePatch(mask_.rect(), after);
    undo_->push(
        new MaskPatchCommand(this, mask_.rect(), std::move(before), std::move(after), text));
}

void MaskLayer::fill() {
    setAll(255, tr("Fill mask"));
}
void MaskLayer::clear() {
    setAll(0, tr("Clear mask"));
}

void MaskLayer::invert() {
    if (mask_.isNull()) return;
    undo_->push(new MaskInvertCommand(this, tr("Invert mask")));
}

}  // namespace reverie::ui
