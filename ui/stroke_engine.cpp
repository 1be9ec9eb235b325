#include "ui/stroke_engine.h"

#include <QPainter>
#include <QRadialGradient>
#include <algorithm>
#include <cmath>
#include <cstring>

namespace reverie::ui {

namespace {

constexpr int kTile = 64;

quint64 tile_key(int tx, int ty) {
    return (quint64(quint32(ty)) << 32) | quint32(tx);
}

}  // namespace

// Rendered once per size and hardness with a radial gradient, then stamped by plain byte maths.
QImage render_dab(int d, double hardness) {
    const double r = d / 2.0;
    QImage argb(d, d, QImage::Format_ARGB32_Premultiplied);
    argb.fill(Qt::transparent);
    {
        QPainter p(&argb);
        p.setRenderHint(QPainter::Antialiasing);
        QRadialGradient g(QPointF(r, r), r);
        g.setColorAt(0.0, Qt::white);
        g.setColorAt(std::min(hardness, 0.999), Qt::white);
        g.setColorAt(1.0, QColor(255, 255, 255, 0));
        p.setPen(Qt::NoPen);
        p.setBrush(g);
        p.drawEllipse(QPointF(r, r), r, r);
    }
    QImage dab(d, d, QImage::Format_Grayscale8);
    for (int y = 0; y < d; ++y) {
        const QRgb* src = reinterpret_cast<const QRgb*>(argb.constScanLine(y));
        uchar* dst = dab.scanLine(y);
        for (int x = 0; x < d; ++x) dst[x] = uchar(qAlpha(src[x]));
    }
    // A one- or two-pixel brush must still paint its pixels.
    if (d <= 2) dab.fill(255);
    return dab;
}

void write_patch(QImage& image, const QRect& r, const QImage& patch) {
    const int bpp = image.depth() / 8;
    for (int y = 0; y < r.height(); ++y)
        std::memcpy(image.scanLine(r.top() + y) + r.left() * bpp, patch.constScanLine(y),
                    size_t(r.width() * bpp));
}

StrokeEngine::StrokeEngine() {
    dab_ = render_dab(diameter_, hardness_);
}

void StrokeEngine::setTip(int diameter, double hardness) {
    if (diameter == diameter_ && hardness == hardness_ && !dab_.isNull()) return;
    diameter_ = diameter;
    hardness_ = hardness;
    dab_ = render_dab(diameter_, hardness_);
}

void StrokeEngine::rememberTiles(const QRect& r) {
    const QImage& image = *target_->strokeImage();
    for (int ty = r.top() / kTile; ty <= r.bottom() / kTile; ++ty) {
        for (int tx = r.left() / kTile; tx <= r.right() / kTile; ++tx) {
            const quint64 key = tile_key(tx, ty);
            if (tiles_.count(key)) continue;
            tiles_.emplace(key, image.copy(tx * kTile, ty * kTile, kTile, kTile));
        }
    }
}

QRect StrokeEngine::stamp(QPointF centre) {
    const int d = dab_.width();
    const QPoint origin(int(std::floor(centre.x() - d / 2.0 + 0.5)),
                        int(std::floor(centre.y() - d / 2.0 + 0.5)));
    const QRect r = QRect(origin, dab_.size()).intersected(target_->strokeImage()->rect());
    if (r.isEmpty()) return r;
    rememberTiles(r);
    target_->applyDab(dab_, origin, r);
    return r;
}

void StrokeEngine::begin(StrokeTarget* target, QPointF p) {
    if (!target || !target->strokeImage() || target->strokeImage()->isNull()) return;
    target_ = target;
    tiles_.clear();
    last_point_ = p;
    residual_ = 0;
    target_->strokeStarted();
    stroke_rect_ = stamp(p);
    if (!stroke_rect_.isEmpty()) target_->strokeChanged(stroke_rect_);
}

void StrokeEngine::to(QPointF p) {
    if (!target_) return;
    const double spacing = std::max(1.0, diameter_ / 8.0);  // a quarter of the radius
    const QPointF delta = p - last_point_;
    const double length = std::hypot(delta.x(), delta.y());
    QRect dirty;
    double t = spacing - residual_;
    for (; t <= length; t += spacing) dirty |= stamp(last_point_ + delta * (t / length));
    residual_ = length - (t - spacing);
    last_point_ = p;
    if (!dirty.isEmpty()) {
        stroke_rect_ |= dirty;
        target_->strokeChanged(dirty);
    }
}

// The stroke's rectangle as it was: untouched tiles inside it still hold their original pixels.
QImage StrokeEngine::originalPixels() const {
    const QImage& image = *target_->strokeImage();
    const int bpp = image.depth() / 8;
    QImage before = image.copy(stroke_rect_);
    for (const auto& [key, tile] : tiles_) {
        const QPoint origin(int(quint32(key)) * kTile, int(key >> 32) * kTile);
        const QRect part = QRect(origin, tile.size()).intersected(stroke_rect_);
        for (int y = part.top(); y <= part.bottom(); ++y)
            std::memcpy(
                before.scanLine(y - stroke_rect_.top()) + (part.left() - stroke_rect_.left()) * bpp,
                tile.constScanLine(y - origin.y()) + (part.left() - origin.x()) * bpp,
                size_t(part.width() * bpp));
    }
    return before;
}

void StrokeEngine::end() {
    if (!target_) return;
    StrokeTarget* target = target_;
    if (!stroke_rect_.isEmpty()) {
        QImage before = originalPixels();
        QImage after = target->strokeImage()->copy(stroke_rect_);
        target_ = nullptr;
        target->strokeFinished(stroke_rect_, std::move(before), std::move(after));
    }
    target_ = nullptr;
    tiles_.clear();
    stroke_rect_ = QRect();
}

}  // namespace reverie::ui
