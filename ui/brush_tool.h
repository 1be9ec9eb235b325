#pragma once
// What every brush shares: a round tip (size, hardness), an eraser switch and the stroke engine.
// The mask brush and the colour brush derive from it and are the engine's targets; the canvas and
// the tool bar talk to whichever is current through this class.
#include <QObject>
#include <QPointF>

#include "ui/stroke_engine.h"

namespace reverie::ui {

class BrushTool : public QObject, protected StrokeTarget {
    Q_OBJECT
  public:
    explicit BrushTool(QObject* parent = nullptr);

    int brushSize() const { return engine_.diameter(); }
    double hardness() const { return engine_.hardness(); }
    bool eraser() const { return eraser_; }

    // Strokes in image coordinates.
    void beginStroke(QPointF p) { engine_.begin(this, p); }
    void strokeTo(QPointF p) { engine_.to(p); }
    void endStroke() { engine_.end(); }
    bool inStroke() const { return engine_.active(); }

  public Q_SLOTS:
    void setBrushSize(int diameter);
    void setHardness(double hardness);
    void setEraser(bool on);
    void growBrush();
    void shrinkBrush();

  Q_SIGNALS:
    void brushChanged();

  private:
    StrokeEngine engine_;
    bool eraser_ = false;
};

}  // namespace reverie::ui
