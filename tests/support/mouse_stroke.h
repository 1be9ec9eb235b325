#pragma once
// A brush stroke on a canvas view with real mouse events, for the widget tests (Qt only).
#include <QApplication>
#include <QMouseEvent>
#include <QtTest/QtTest>

#include "ui/canvas_view.h"

inline void mouse_move(reverie::ui::CanvasView& v, QPointF imagePoint,
                       Qt::MouseButtons buttons = Qt::LeftButton) {
    const QPointF at = v.imageToWidget(imagePoint);
    QMouseEvent e(QEvent::MouseMove, at, v.mapToGlobal(at), Qt::NoButton, buttons, Qt::NoModifier);
    QApplication::sendEvent(&v, &e);
}

// A stroke through `points` (image coordinates).
inline void mouse_stroke(reverie::ui::CanvasView& v, const QList<QPointF>& points) {
    QTest::mousePress(&v, Qt::LeftButton, Qt::NoModifier,
                      v.imageToWidget(points.front()).toPoint());
    for (const QPointF& p : points) mouse_move(v, p);
    QTest::mouseRelease(&v, Qt::LeftButton, Qt::NoModifier,
                        v.imageToWidget(points.back()).toPoint());
}
