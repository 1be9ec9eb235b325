#pragma once
// The canvas's edge handles (shown with the region tool): drag one outwards to expand the canvas
// on that side for outpainting, as the Expand Canvas dialog does with numbers. Widget
// coordinates in, image pixels out (rounded to 8, as the dialog rounds).
#include <QMargins>
#include <QObject>
#include <QPointF>
#include <QRectF>

class QPainter;

namespace reverie::ui {

class EdgeHandles {
  public:
    enum class Side { None, Left, Top, Right, Bottom };

    // The handle under `widgetPos` for a canvas drawn at `canvas` (widget coordinates).
    Side hit(QPointF widgetPos, const QRectF& canvas) const;
    void begin(Side side, QPointF widgetPos);
    void dragTo(QPointF widgetPos) { now_ = widgetPos; }
    bool dragging() const { return side_ != Side::None; }
    // The growth so far at `scale` widget pixels per image pixel: outwards only, multiples of 8.
    QMargins growth(double scale) const;
    // Ends the drag; returns the growth.
    QMargins end(double scale);

    // The four handles, and while dragging the canvas as it will be.
    void paint(QPainter& p, const QRectF& canvas, double scale) const;

    static constexpr double kHandle = 12.0;  // widget pixels

  private:
    Side side_ = Side::None;
    QPointF start_, now_;
};

}  // namespace reverie::ui
