#pragma once
// The inpainting mask over the working image (white = regenerate) and the brush that paints it.
#include <QImage>
#include <QObject>
#include <QPointF>
#include <QRect>
#include <unordered_map>

class QUndoStack;

namespace reverie::ui {

class MaskLayer : public QObject {
    Q_OBJECT
  public:
    // Strokes and whole-mask edits are pushed onto `undo`, which the caller owns.
    explicit MaskLayer(QUndoStack* undo, QObject* parent = nullptr);

    // A blank mask of `size`; not undoable (a new document starts here).
    void reset(QSize size);
    // Replaces the mask without undo; converted to Grayscale8.
    void setImage(const QImage& mask);
    const QImage& image() const { return mask_; }
    QSize size() const { return mask_.size(); }
    bool isEmpty() const;

    int brushSize() const { return brush_size_; }
    double hardness() const { return hardness_; }
    bool eraser() const { return eraser_; }
    bool isVisible() const { return visible_; }

    // Strokes in image coordinates; stamps are interpolated between the points.
    void beginStroke(QPointF p);
    void strokeTo(QPointF p);
    void endStroke();
    bool inStroke() const { return in_stroke_; }

    // Used by the undo commands: copy `patch` into the mask at `r.topLeft()`, or invert `r`.
    void writePatch(const QRect& r, const QImage& patch);
    void invertPixels(const QRect& r);

  public Q_SLOTS:
    void setBrushSize(int diameter);
    void setHardness(double hardness);
    void setEraser(bool on);
    void setVisible(bool on);
    void fill();
    void clear();
    void invert();

  Q_SIGNALS:
    // Pixels in `imageRect` changed; views repaint just that part.
    void changed(const QRect& imageRect);
    void brushChanged();
    void visibilityChanged(bool visible);

  private:
    void rebuildDab();
    QRect stamp(QPointF centre);
    void rememberTiles(const QRect& r);
    void setAll(uchar value, const QString& text);

    QUndoStack* undo_;
    QImage mask_;
    QImage dab_;  // brush footprint, Grayscale8, 255 = full coverage
    int brush_size_ = 64;
    double hardness_ = 0.5;
    bool eraser_ = false;
    bool visible_ = true;

    bool in_stroke_ = false;
    QPointF last_point_;
    double residual_ = 0;  // distance walked since the last stamp
    QRect stroke_rect_;
    // The original pixels of each 64x64 tile the stroke touched, so the undo entry holds only the
    // stroke's bounding rect instead of a copy of the whole mask.
    std::unordered_map<quint64, QImage> stroke_tiles_;
};

}  // namespace reverie::ui
