#pragma once
// The inpainting mask over the working image (white = regenerate) and the brush that paints it:
// one target of the shared stroke engine.
#include <QImage>
#include <QRect>

#include "ui/brush_tool.h"

class QUndoStack;

namespace reverie::ui {

class MaskLayer : public BrushTool {
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
    bool isVisible() const { return visible_; }

    // Used by the undo commands: copy `patch` into the mask at `r.topLeft()`, or invert `r`.
    void writePatch(const QRect& r, const QImage& patch);
    void invertPixels(const QRect& r);

  public Q_SLOTS:
    void setVisible(bool on);
    void fill();
    void clear();
    void invert();

  Q_SIGNALS:
    // Pixels in `imageRect` changed; views repaint just that part.
    void changed(const QRect& imageRect);
    void visibilityChanged(bool visible);

  protected:
    QImage* strokeImage() override { return &mask_; }
    void applyDab(const QImage& coverage, QPoint origin, const QRect& r) override;
    void strokeChanged(const QRect& r) override { Q_EMIT changed(r); }
    void strokeFinished(const QRect& r, QImage before, QImage after) override;

  private:
    void setAll(uchar value, const QString& text);

    QUndoStack* undo_;
    QImage mask_;
    bool visible_ = true;
};

}  // namespace reverie::ui
