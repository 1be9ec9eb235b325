#pragma once
// One brush engine for every paintable surface, as Krita separates the paint-op from its target:
// the engine turns pointer positions into evenly spaced dabs of a round tip and remembers the
// 64x64 tiles a stroke touches, so the undo entry holds only the stroke's rectangle. What a dab
// does to the pixels (raise a mask, lay colour, erase alpha) is the target's business.
#include <QImage>
#include <QPointF>
#include <QRect>
#include <unordered_map>

namespace reverie::ui {

class StrokeTarget {
  public:
    virtual ~StrokeTarget() = default;
    // The pixels the stroke edits (8 or 32 bits per pixel); null: nothing to paint on.
    virtual QImage* strokeImage() = 0;
    virtual void strokeStarted() {}
    // `coverage` (Grayscale8, 255 = full) lies with its top-left at `origin`; `r` is the part of
    // it inside the image.
    virtual void applyDab(const QImage& coverage, QPoint origin, const QRect& r) = 0;
    // Pixels in `r` changed during the stroke (views repaint that part).
    virtual void strokeChanged(const QRect& r) = 0;
    // The stroke ended; `before` and `after` are the pixels of `r`, for the undo entry.
    virtual void strokeFinished(const QRect& r, QImage before, QImage after) = 0;
};

// A round tip: full coverage inside `hardness * radius`, fading to zero at the rim.
QImage render_dab(int diameter, double hardness);

// Copies `patch` into `image` at `r.topLeft()` (same format, `r` inside the image).
void write_patch(QImage& image, const QRect& r, const QImage& patch);

class StrokeEngine {
  public:
    StrokeEngine();

    void setTip(int diameter, double hardness);
    int diameter() const { return diameter_; }
    double hardness() const { return hardness_; }

    // A stroke in image coordinates; dabs are interpolated every quarter radius.
    void begin(StrokeTarget* target, QPointF p);
    void to(QPointF p);
    void end();
    bool active() const { return target_ != nullptr; }

  private:
    QRect stamp(QPointF centre);
    void rememberTiles(const QRect& r);
    QImage originalPixels() const;

    QImage dab_;
    int diameter_ = 64;
    double hardness_ = 0.5;
    StrokeTarget* target_ = nullptr;
    QPointF last_point_;
    double residual_ = 0;  // distance walked since the last dab
    QRect stroke_rect_;
    std::unordered_map<quint64, QImage> tiles_;  // original pixels of each touched tile
};

}  // namespace reverie::ui
