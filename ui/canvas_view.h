#pragma once
// The view of the document (layers and mask): zoom and pan, checkerboard under transparency, the
// live preview of a running generation, and the tools: mask brush, colour brush, colour picker,
// region.
// Paints only what is exposed, straight from the layers' pixels, so 4096x4096 documents stay
// smooth.
#include <QImage>
#include <QPointF>
#include <QWidget>

#include "ui/edge_handles.h"

class QUndoStack;

namespace reverie::ui {

class BrushTool;
class CanvasDocument;
class ColorBrush;
class MaskLayer;
class RegionSelection;

enum class CanvasTool { MaskBrush, ColorBrush, ColorPicker, Region };

class CanvasView : public QWidget {
    Q_OBJECT
  public:
    explicit CanvasView(QWidget* parent = nullptr);

    // The visible layers flattened: what a generation sees and what is saved as PNG.
    QImage image() const;
    const QImage& preview() const { return preview_; }
    CanvasDocument* document() const { return doc_; }
    MaskLayer* mask() const;
    QUndoStack* undoStack() const;
    ColorBrush* colorBrush() const { return color_brush_; }
    CanvasTool tool() const { return tool_; }
    // The rectangle drawn with the region tool (empty: none): a generation renders only there.
    RegionSelection* region() const { return region_; }
    // The brush of the current tool (the colour brush while picking colours).
    BrushTool* brush() const;

    // Zoom in screen (device) pixels per image pixel: 1.0 is "100%" on any display scale.
    double zoom() const;
    // Widget (logical) coordinates <-> image coordinates.
    QPointF imageToWidget(QPointF p) const;
    QPointF widgetToImage(QPointF p) const;

    // Starts a new document of one layer: blanks the mask and the history.
    void setImage(const QImage& image, const QString& parameters = {});
    // An undoable replacement of every layer by one (a restored autosave, a new size).
    void replaceImage(const QImage& image, const QString& undoText, const QString& parameters = {});
    // An undoable new layer on top of the active one (a generation result, a pasted image).
    void addLayer(const QImage& image, const QString& name, const QString& undoText = {},
                  const QString& parameters = {});

  public Q_SLOTS:
    // `where` is the preview's place in image coordinates; empty: over the whole image.
    void showPreview(const QImage& preview, const QRect& where = {});
    void setTool(reverie::ui::CanvasTool tool);
    void clearPreview();
    // Live painting's latest result (a layer of the document's size; null: none), shown half
    // transparent over the layers until it is applied or replaced.
    void setLiveResult(const QImage& layer);
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
    void toolChanged(reverie::ui::CanvasTool tool);
    // An edge handle was dragged outwards (region tool): grow the canvas by `margins`.
    void expandRequested(const QMargins& margins);

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
    QSize documentSize() const;
    QRectF imageRectInWidget() const;
    void drawLayers(QPainter& p, const QRect& src, const QRectF& dst) const;
    void pickColor(QPointF widgetPos);
    QRect widgetRectFor(const QRect& imageRect) const;
    QRect brushOutlineRect(QPointF widgetPos) const;
    void updateTint(const QRect& imageRect);
    void onMaskChanged(const QRect& imageRect);
    void checkMaskEmptiness();
    void centreImage();

    CanvasDocument* doc_;
    ColorBrush* color_brush_;
    RegionSelection* region_;
    EdgeHandles edges_;
    CanvasTool tool_ = CanvasTool::MaskBrush;
    QImage preview_;
    QRect preview_rect_;  // image coordinates; empty: the whole image
    QImage live_;
    QImage tint_;  // the mask as a coloured, half-transparent overlay, kept in step with the mask
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
