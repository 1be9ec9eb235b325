#pragma once
// The region tool's rectangle on the canvas: where the next generation renders when one is drawn
// (A1111's "only masked" generalised to any rectangle, Krita AI's selection). Image coordinates,
// always inside the document; empty when there is none.
#include <QObject>
#include <QPointF>
#include <QRect>

class QPainter;
class QTransform;

namespace reverie::ui {

class RegionSelection : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;

    QRect rect() const { return rect_; }
    bool isEmpty() const { return rect_.isEmpty(); }
    bool dragging() const { return dragging_; }

    // The document's size: the rectangle is kept inside it (cleared when the size changes, as
    // its place would no longer mean the same).
    void setBounds(QSize bounds);
    // Sets the rectangle (clipped to the bounds; smaller than kMinSide on a side clears it).
    void setRect(const QRect& rect);
    void clear() { setRect({}); }

    // A drag with the region tool: from the press to the release, in image coordinates. A click
    // without a drag clears the region.
    void begin(QPointF imagePos);
    void dragTo(QPointF imagePos);
    void end(QPointF imagePos);

    // Dashed outline, its size, and the outside dimmed; `toWidget` maps image to widget space.
    void paint(QPainter& p, const QTransform& toWidget, const QRectF& widgetImageRect) const;

    static constexpr int kMinSide = 8;

  Q_SIGNALS:
    void changed(const QRect& rect);

  private:
    QRect spanned(QPointF to) const;

    QSize bounds_;
    QRect rect_;
    QPointF anchor_;
    bool dragging_ = false;
};

}  // namespace reverie::ui
