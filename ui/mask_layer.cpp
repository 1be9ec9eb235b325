#include "ui/mask_layer.h"

#include <QUndoStack>
#include <algorithm>

#include "ui/mask_undo_commands.h"
#include "ui/patch_command.h"

namespace reverie::ui {

MaskLayer::MaskLayer(QUndoStack* undo, QObject* parent) : BrushTool(parent), undo_(undo) {}

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

void MaskLayer::setVisible(bool on) {
    if (on == visible_) return;
    visible_ = on;
    Q_EMIT visibilityChanged(on);
}

// Coverage raises the mask (or lowers it when erasing) to the dab's level, never past it, so
// overlapping dabs of one stroke do not build up.
void MaskLayer::applyDab(const QImage& coverage, QPoint origin, const QRect& r) {
    for (int y = r.top(); y <= r.bottom(); ++y) {
        uchar* row = mask_.scanLine(y);
        const uchar* cov = coverage.constScanLine(y - origin.y()) - origin.x();
        if (eraser()) {
            for (int x = r.left(); x <= r.right(); ++x)
                row[x] = std::min<uchar>(row[x], 255 - cov[x]);
        } else {
            for (int x = r.left(); x <= r.right(); ++x) row[x] = std::max(row[x], cov[x]);
        }
    }
}

void MaskLayer::strokeFinished(const QRect& r, QImage before, QImage after) {
    undo_->push(new PixelPatchCommand(
        [this](const QRect& pr, const QImage& patch) { writePatch(pr, patch); }, r,
        std::move(before), std::move(after), eraser() ? tr("Erase mask") : tr("Paint mask")));
}

void MaskLayer::writePatch(const QRect& r, const QImage& patch) {
    write_patch(mask_, r, patch);
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
    undo_->push(new PixelPatchCommand(
        [this](const QRect& pr, const QImage& patch) { writePatch(pr, patch); }, mask_.rect(),
        std::move(before), std::move(after), text));
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
