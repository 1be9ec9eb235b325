// labels: gui
// The colour brush on image layers, driven by mouse and keys on the canvas: colour, opacity that
// does not build up within a stroke, eraser, the colour picker, and the shared stroke engine.
#include <QElapsedTimer>
#include <QSpinBox>
#include <QUndoStack>
#include <QtTest/QtTest>

#include "tests/support/solid_image.h"

#include "ui/canvas_document.h"
#include "ui/canvas_tool_bar.h"
#include "ui/canvas_view.h"
#include "ui/color_brush.h"
#include "ui/mask_layer.h"

using namespace reverie::ui;

namespace {

void move(CanvasView& v, QPointF imagePoint, Qt::MouseButtons buttons = Qt::LeftButton) {
    const QPointF at = v.imageToWidget(imagePoint);
    QMouseEvent e(QEvent::MouseMove, at, v.mapToGlobal(at), Qt::NoButton, buttons, Qt::NoModifier);
    QApplication::sendEvent(&v, &e);
}

// A stroke through `points` (image coordinates) with real mouse events.
void stroke(CanvasView& v, const QList<QPointF>& points) {
    QTest::mousePress(&v, Qt::LeftButton, Qt::NoModifier,
                      v.imageToWidget(points.front()).toPoint());
    for (const QPointF& p : points) move(v, p);
    QTest::mouseRelease(&v, Qt::LeftButton, Qt::NoModifier,
                        v.imageToWidget(points.back()).toPoint());
}

struct Canvas {
    CanvasView view;
    explicit Canvas(QSize size = QSize(100, 100), QColor fill = Qt::white) {
        view.resize(400, 400);
        view.setImage(solid(size.width(), size.height(), fill));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.zoomTo100();
    }
};

}  // namespace

class TestColorBrush : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void halfOpacityStrokeDoesNotBuildUp() {
        Canvas c;
        c.view.setTool(CanvasTool::ColorBrush);
        ColorBrush* brush = c.view.colorBrush();
        brush->setColor(Qt::black);
        brush->setOpacity(0.5);
        brush->setHardness(1.0);
        brush->setBrushSize(16);
        // Back and forth over the same place: dabs overlap many times.
        stroke(c.view, {{10, 50}, {90, 50}, {10, 50}, {90, 50}});
        const QRgb mid = c.view.image().pixel(50, 50);
        qInfo("50%% black over white after overlapping dabs: %d", qRed(mid));
        QVERIFY(std::abs(qRed(mid) - 128) <= 2);
        QCOMPARE(c.view.image().pixel(50, 20), qRgb(255, 255, 255));
        QCOMPARE(c.view.undoStack()->count(), 1);
        // A second stroke does darken: opacity is per stroke.
        stroke(c.view, {{50, 40}, {50, 60}});
        QVERIFY(qRed(c.view.image().pixel(50, 50)) < 80);
        c.view.undoStack()->undo();
        QCOMPARE(c.view.image().pixel(50, 50), mid);
        c.view.undoStack()->undo();
        QCOMPARE(c.view.image().pixel(50, 50), qRgb(255, 255, 255));
    }

    void eraserClearsAlphaOnTheLayerOnly() {
        Canvas c;
        CanvasDocument* doc = c.view.document();
        doc->addLayer(solid(100, 100, Qt::red), QStringLiteral("red"));
        c.view.setTool(CanvasTool::ColorBrush);
        c.view.setFocus();
        QTest::keyClick(&c.view, Qt::Key_E);  // the current brush's eraser
        QVERIFY(c.view.colorBrush()->eraser());
        QVERIFY(!c.view.mask()->eraser());
        c.view.colorBrush()->setHardness(1.0);
        stroke(c.view, {{20, 20}, {80, 20}});
        QCOMPARE(qAlpha(doc->layer(1).image.pixel(50, 20)), 0);
        QCOMPARE(c.view.image().pixel(50, 20), qRgb(255, 255, 255));  // the background shows
        QCOMPARE(c.view.image().pixel(50, 80), qRgb(255, 0, 0));
        QVERIFY(c.view.mask()->isEmpty());
    }

    void pickerTakesTheColourUnderTheCursor() {
        Canvas c(QSize(100, 100), QColor(10, 200, 30));
        c.view.setFocus();
        QTest::keyClick(&c.view, Qt::Key_I);  // the picker's shortcut lives in the window
        c.view.setTool(CanvasTool::ColorPicker);
        QTest::mouseClick(&c.view, Qt::LeftButton, Qt::NoModifier,
                          c.view.imageToWidget(QPointF(40, 40)).toPoint());
        QCOMPARE(c.view.colorBrush()->color(), QColor(10, 200, 30));
        // Picking returns to the colour brush.
        QCOMPARE(c.view.tool(), CanvasTool::ColorBrush);
        // Ctrl-click picks from any tool.
        c.view.document()->addLayer(solid(100, 100, QColor(250, 5, 5)), QStringLiteral("r"));
        c.view.setTool(CanvasTool::MaskBrush);
        QTest::mouseClick(&c.view, Qt::LeftButton, Qt::ControlModifier,
                          c.view.imageToWidget(QPointF(10, 10)).toPoint());
        QCOMPARE(c.view.colorBrush()->color(), QColor(250, 5, 5));
        QVERIFY(c.view.mask()->isEmpty());  // and paints no mask
    }

    void sizeKeysAndToolBarFollowTheTool() {
        Canvas c;
        CanvasToolBar bar(&c.view, {}, new QAction(&c.view), new QAction(&c.view));
        c.view.setTool(CanvasTool::ColorBrush);
        const int paintSize = c.view.colorBrush()->brushSize();
        QCOMPARE(bar.sizeSpin()->value(), paintSize);
        c.view.setFocus();
        QTest::keyClick(&c.view, Qt::Key_BracketRight);
        QVERIFY(c.view.colorBrush()->brushSize() > paintSize);
        QCOMPARE(bar.sizeSpin()->value(), c.view.colorBrush()->brushSize());
        c.view.setTool(CanvasTool::MaskBrush);
        QCOMPARE(bar.sizeSpin()->value(), c.view.mask()->brushSize());
        bar.sizeSpin()->setValue(11);
        QCOMPARE(c.view.mask()->brushSize(), 11);
        QVERIFY(c.view.colorBrush()->brushSize() != 11);
        bar.opacitySpin()->setValue(40);
        QCOMPARE(c.view.colorBrush()->opacity(), 0.4);
    }

    // The responsiveness figure: a 100-segment colour stroke on a 4096² layer, each
    // segment painted and its rectangle repainted. Measured and printed, never asserted.
    void largeLayerStrokeCost() {
        Canvas c(QSize(4096, 4096));
        c.view.resize(1200, 900);
        c.view.fitToWindow();
        c.view.setTool(CanvasTool::ColorBrush);
        c.view.colorBrush()->setBrushSize(64);
        QTest::mousePress(&c.view, Qt::LeftButton, Qt::NoModifier,
                          c.view.imageToWidget(QPointF(200, 200)).toPoint());
        QElapsedTimer t;
        double worst = 0;
        t.start();
        for (int i = 1; i <= 100; ++i) {
            QElapsedTimer seg;
            seg.start();
            move(c.view, QPointF(200 + i * 36, 200 + (i % 10) * 30));
            QCoreApplication::processEvents();  // the repaint of the stroke's rectangle
            worst = std::max(worst, seg.nsecsElapsed() / 1e6);
        }
        const double total = t.nsecsElapsed() / 1e6;
        QTest::mouseRelease(&c.view, Qt::LeftButton);
        qInfo("100-segment stroke on 4096x4096: %.2f ms per segment (worst %.2f ms)", total / 100,
              worst);
        QCOMPARE(c.view.undoStack()->count(), 1);
        QVERIFY(qAlpha(c.view.document()->layer(0).image.pixel(200 + 50 * 36, 200)) > 0);
    }
};

QTEST_MAIN(TestColorBrush)
#include "tst_gui_color_brush.moc"
