#pragma once
// The colour brush: paints the active image layer of a document with a colour at an opacity, or
// erases its alpha; the same stroke engine as the mask brush. One stroke never builds up past its
// opacity where its dabs overlap (the coverage of the stroke is kept, as in Krita's "indirect"
// painting), so a 50% stroke is 50% everywhere. On a control layer it lays white whatever the
// colour: a control picture's strokes are white, as scribble and lineart ControlNets read them.
#include <QColor>
#include <QImage>

#include "ui/brush_tool.h"

namespace reverie::ui {

class CanvasDocument;

class ColorBrush : public BrushTool {
    Q_OBJECT
  public:
    explicit ColorBrush(CanvasDocument* document, QObject* parent = nullptr);

    QColor color() const { return color_; }
    double opacity() const { return opacity_; }

  public Q_SLOTS:
    void setColor(const QColor& color);
    void setOpacity(double opacity);

  protected:
    QImage* strokeImage() override;
    void strokeStarted() override;
    void applyDab(const QImage& coverage, QPoint origin, const QRect& r) override;
    void strokeChanged(const QRect& r) override;
    void strokeFinished(const QRect& r, QImage before, QImage after) override;

  private:
    CanvasDocument* document_;
    QColor color_ = Qt::black;
    double opacity_ = 1.0;
    quint64 layer_id_ = 0;    // the layer the running stroke paints
    QColor stroke_color_;     // what the running stroke lays
    QImage stroke_coverage_;  // Grayscale8: how much of the colour each pixel has this stroke
};

}  // namespace reverie::ui
