#include "ui/region_job.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

namespace reverie::ui {

namespace {

constexpr int kMultiple = 8;
constexpr int kMinSide = 64;

int round_side(double side) {
    const int s = int(std::lround(side / kMultiple)) * kMultiple;
    return std::max(kMinSide, s);
}

// 0 at the region's edge to 255 `feather` pixels in, per side that is inside the canvas.
int edge_alpha(int x, int y, QSize size, const bool open[4], int feather) {
    int d = feather;
    if (open[0]) d = std::min(d, x);
    if (open[1]) d = std::min(d, y);
    if (open[2]) d = std::min(d, size.width() - 1 - x);
    if (open[3]) d = std::min(d, size.height() - 1 - y);
    return feather > 0 ? std::clamp(255 * (d + 1) / (feather + 1), 0, 255) : 255;
}

}  // namespace

QSize region_render_size(QSize region, QSize model) {
    if (region.isEmpty()) return model;
    const double area = double(std::max(model.width(), 1)) * std::max(model.height(), 1);
    const double k = std::sqrt(area / (double(region.width()) * region.height()));
    return {round_side(region.width() * k), round_side(region.height() * k)};
}

QImage cut_region(const QImage& picture, const QRect& region, QSize renderSize) {
    if (picture.isNull()) return {};
    return picture.copy(region).scaled(renderSize, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

QImage region_layer(const QImage& result, const QRect& region, QSize canvasSize, const QImage& mask,
                    int feather) {
    const QRect r = region.intersected(QRect(QPoint(), canvasSize));
    QImage layer(canvasSize, QImage::Format_ARGB32_Premultiplied);
    layer.fill(Qt::transparent);
    if (r.isEmpty() || result.isNull()) return layer;
    QImage patch = result.scaled(region.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                       .convertToFormat(QImage::Format_ARGB32);
    const QImage m =
        mask.isNull() ? QImage()
                      : mask.convertToFormat(QImage::Format_Grayscale8)
                            .scaled(region.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const bool open[4] = {region.left() > 0, region.top() > 0,
                          region.right() < canvasSize.width() - 1,
                          region.bottom() < canvasSize.height() - 1};
    for (int y = 0; y < patch.height(); ++y) {
        QRgb* row = reinterpret_cast<QRgb*>(patch.scanLine(y));
        const uchar* mrow = m.isNull() ? nullptr : m.constScanLine(y);
        for (int x = 0; x < patch.width(); ++x) {
            int a = edge_alpha(x, y, region.size(), open, feather);
            if (mrow) a = a * mrow[x] / 255;
            row[x] = qRgba(qRed(row[x]), qGreen(row[x]), qBlue(row[x]), a * qAlpha(row[x]) / 255);
        }
    }
    QPainter p(&layer);
    p.setCompositionMode(QPainter::CompositionMode_Source);
    p.drawImage(region.topLeft(), patch);
    return layer;
}

QImage preview_alpha(const QImage& mask, const QRect& part, QSize size) {
    if (mask.isNull() || size.isEmpty()) return {};
    return (part.isEmpty() ? mask : mask.copy(part))
        .convertToFormat(QImage::Format_Grayscale8)
        .scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

QImage with_alpha(const QImage& preview, const QImage& alpha) {
    if (preview.isNull() || alpha.size() != preview.size()) return preview;
    QImage out = preview.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < out.height(); ++y) {
        QRgb* row = reinterpret_cast<QRgb*>(out.scanLine(y));
        const uchar* a = alpha.constScanLine(y);
        for (int x = 0; x < out.width(); ++x)
            row[x] = qRgba(qRed(row[x]), qGreen(row[x]), qBlue(row[x]), a[x]);
    }
    return out;
}

QRect region_preview_place(const QRect& region, QSize renderSize, const QRect& where) {
    if (where.isEmpty() || renderSize.isEmpty()) return region;
    const double sx = double(region.width()) / renderSize.width();
    const double sy = double(region.height()) / renderSize.height();
    return QRectF(region.x() + where.x() * sx, region.y() + where.y() * sy, where.width() * sx,
                  where.height() * sy)
        .toAlignedRect();
}

}  // namespace reverie::ui
