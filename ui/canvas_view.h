#pragma once
// The working image with its mask: zoom and pan, checkerboard under transparency, the live preview
// of a running generation, and the mask brush. Paints only what is exposed, straight from the
// image's pixels, so 4096x4096 documents stay smooth.
#include <QImage>
#include <QPointF>
#include <QWidget>

class QUndoStack;

namespace reverie::ui {

class MaskLayer;

class CanvasView : public QWidget {
    Q_OBJECT
  public:
    explicit CanvasView(QWidget* parent = nullptr);

    const QImage& image() const { return image_; }
    const QImage& preview() const { return preview_; }
    MaskLayer* mask() const { return mask_; }
    QUndoStack* undoStack() const { return undo_; }

    // Zoom in screen (device) pixels per image pixel: 1.0 is "100%" on any display scale.
    double zoom() const;
    // Widget (logical) coordinates <-> image coordinates.
    QPointF imageToWidget(QPointF p) const;
    QPointF widgetToImage(QPointF p) const;

    // Starts a new document: replaces the image and blanks the mask and the history.
    void setImage(const QImage& image);
    // An undoable replacement (a generation result, a pasted image).
    void replaceImage(const QImage& image, const QString& undoText);
    // Used by the undo command: swap the image without touching the history.
    void applyImage(const QImage& image);

  public Q_SLOTS:
    void showPreview(const QImage& preview);
    void clearPreview();
    void setZoom(double zoom);
    // Zooms keeping the image point under `widgetPos` where it is.
    void zoomAt(QPointF widgetPos, double zoom);
    void zoomIn();
    void zoomOut();
    void fitToWindow();
    void zoomTo100();

  Q_SIGNALS:
    void zoomChanged(double zoom);
    void imageChanged();
    // The mask went from empty to painted or back (the mode follows it).
    void maskEmptinessChanged(bool empty);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;

  private:
    QRectF imageRectInWidget() const;
    QRect widgetRectFor(const QRect& imageRect) const;
    QRect brushOutlineRect(QPointF widgetPos) const;
    void updateTint(const QRect& imageRect);
    void onMaskChanged(const QRect& imageRect);
    void checkMaskEmptiness();
    void centreImage();

    QImage image_;
    QImage preview_;
    QImage tint_;  // the mask as a coloured, half-transparent overlay, kept in step with the mask
    QUndoStack* undo_;
    MaskLayer* mask_;
    double scale_ = 1.0;  // logical widget pixels per image pixel
    QPointF offset_;      // widget position of the image's top-left corner
    bool fit_mode_ = true;
    bool space_held_ = false;
    bool panning_ = false;
    QPointF pan_last_;
    QPointF cursor_pos_{-1, -1};
    bool mask_empty_ = true;
};

}  // namespace reverie::ui
