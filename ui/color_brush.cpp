#include "ui/color_brush.h"

#include <QUndoStack>
#include <algorithm>

#include "ui/canvas_document.h"
#include "ui/patch_command.h"

namespace reverie::ui {

ColorBrush::ColorBrush(CanvasDocument* document, QObject* parent)
    : BrushTool(parent), document_(document) {
    setHardness(0.8);
    setBrushSize(24);
}

void ColorBrush::setColor(const QColor& color) {
    if (!color.isValid() || color == color_) return;
    color_ = color.toRgb();
    color_.setAlpha(255);
    Q_EMIT brushChanged();
}

void ColorBrush::setOpacity(double opacity) {
    opacity = std::clamp(opacity, 0.01, 1.0);
    if (opacity == opacity_) return;
    opacity_ = opacity;
    Q_EMIT brushChanged();
}

QImage* ColorBrush::strokeImage() {
    Layer* layer = document_->activeLayer();
    return layer ? &layer->image : nullptr;
}

void ColorBrush::strokeStarted() {
    const Layer* layer = document_->activeLayer();
    layer_id_ = layer->id;
    stroke_color_ = layer->isControl() ? QColor(Qt::white) : color_;
    // The cached flattened picture shares the layer's pixels: dropped now, the first dab does
    // not copy the whole layer.
    document_->notifyPixels(QRect());
    if (stroke_coverage_.size() != document_->size()) {
        stroke_coverage_ = QImage(document_->size(), QImage::Format_Grayscale8);
        stroke_coverage_.fill(0);
    }
}

// Each pixel moves from its present value towards the colour by the fraction that takes it from
// the stroke's coverage so far to the new one: the result is the colour laid once, at the highest
// coverage any dab gave it, over what was there before the stroke.
void ColorBrush::applyDab(const QImage& coverage, QPoint origin, const QRect& r) {
    QImage& pixels = *strokeImage();
    const int level = int(opacity_ * 255 + 0.5);
    const float cr = float(stroke_color_.red()), cg = float(stroke_color_.green()),
                cb = float(stroke_color_.blue());
    for (int y = r.top(); y <= r.bottom(); ++y) {
        QRgb* row = reinterpret_cast<QRgb*>(pixels.scanLine(y));
        uchar* had = stroke_coverage_.scanLine(y);
        const uchar* cov = coverage.constScanLine(y - origin.y()) - origin.x();
        for (int x = r.left(); x <= r.right(); ++x) {
            const int want = cov[x] * level / 255;
            if (want <= had[x]) continue;
            const float before = had[x] / 255.f;
            const float t = (want / 255.f - before) / (1.f - before);
            had[x] = uchar(want);
            const QRgb p = row[x];
            const float k = 1.f - t;
            if (eraser()) {
                row[x] = qRgba(int(qRed(p) * k + 0.5f), int(qGreen(p) * k + 0.5f),
                               int(qBlue(p) * k + 0.5f), int(qAlpha(p) * k + 0.5f));
            } else {
                row[x] =
                    qRgba(int(cr * t + qRed(p) * k + 0.5f), int(cg * t + qGreen(p) * k + 0.5f),
                          int(cb * t + qBlue(p) * k + 0.5f), int(255.f * t + qAlpha(p) * k + 0.5f));
            }
        }
    }
}

void ColorBrush::strokeChanged(const QRect& r) {
    document_->notifyPixels(r);
}

void ColorBrush::strokeFinished(const QRect& r, QImage before, QImage after) {
    for (int y = r.top(); y <= r.bottom(); ++y)
        std::fill_n(stroke_coverage_.scanLine(y) + r.left(), r.width(), uchar(0));
    CanvasDocument* doc = document_;
    const quint64 id = layer_id_;
    doc->undoStack()->push(new PixelPatchCommand(
        [doc, id](const QRect& pr, const QImage& patch) { doc->writeLayerPatch(id, pr, patch); }, r,
        std::move(before), std::move(after), eraser() ? tr("Erase") : tr("Paint")));
    doc->notifyContentChanged();
}

}  // namespace reverie::ui
