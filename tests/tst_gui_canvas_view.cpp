// labels: gui
// The canvas: zoom about the cursor, fit and 100%, painting the mask with the mouse, previews.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QUndoStack>
#include <QWheelEvent>
#include <QtTest/QtTest>

#include "tests/support/solid_image.h"

#include "ui/canvas_view.h"
#include "ui/mask_layer.h"

using reverie::ui::CanvasView;

namespace {

void wheel(QWidget* w, QPointF pos, int delta) {
    QWheelEvent e(pos, w->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton,
                  Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &e);
}

}  // namespace

class TestCanvasView : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void wheelZoomKeepsThePointUnderTheCursor() {
        CanvasView view;
        view.resize(640, 480);
        view.setImage(solid(1000, 800, Qt::white));
        const QPointF cursor(123.5, 77.25);
        const QPointF before = view.widgetToImage(cursor);
        const double zoomBefore = view.zoom();
        for (int delta : {120, 120, 240, -120, 360}) {
            wheel(&view, cursor, delta);
            const QPointF after = view.widgetToImage(cursor);
            qInfo("zoom %.4f: image point under cursor moved by %.2e px", view.zoom(),
                  std::hypot(after.x() - before.x(), after.y() - before.y()));
            QVERIFY(std::abs(after.x() - before.x()) < 1e-6);
            QVERIFY(std::abs(after.y() - before.y()) < 1e-6);
        }
        QVERIFY(view.zoom() > zoomBefore * 3);
    }

    void fitAnd100() {
        CanvasView view;
        view.resize(500, 400);
        view.setImage(solid(2000, 1000, Qt::white));
        // Fitted: the whole image is inside the widget.
        const QPointF tl = view.imageToWidget(QPointF(0, 0));
        const QPointF br = view.imageToWidget(QPointF(2000, 1000));
        QVERIFY(tl.x() >= 0 && tl.y() >= 0 && br.x() <= 500 && br.y() <= 400);
        view.zoomTo100();
        QCOMPARE(view.zoom(), 1.0);
        // 100% means one image pixel per device pixel.
        const QPointF a = view.imageToWidget(QPointF(10, 10));
        const QPointF b = view.imageToWidget(QPointF(11, 10));
        QCOMPARE((b.x() - a.x()) * view.devicePixelRatioF(), 1.0);
        view.fitToWindow();
        QVERIFY(view.zoom() < 0.3);
    }

    void mouseStrokePaintsTheMaskAndUndoRestoresIt() {
        CanvasView view;
        view.resize(400, 400);
        view.setImage(solid(200, 200, Qt::gray));
        view.setZoom(2.0);  // about the centre: widget = 2 * image, origin at (0, 0)
        QCOMPARE(view.widgetToImage(QPointF(40, 40)), QPointF(20, 20));
        view.mask()->setBrushSize(10);
        view.mask()->setHardness(1.0);
        QSignalSpy emptiness(&view, &CanvasView::maskEmptinessChanged);

        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, QPoint(40, 40));
        QTest::mouseMove(&view, QPoint(100, 40));
        QTest::mouseMove(&view, QPoint(160, 40));
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, QPoint(160, 40));

        const QImage& m = view.mask()->image();
        for (int x = 20; x <= 80; ++x) QCOMPARE(qGray(m.pixel(x, 20)), 255);
        QCOMPARE(qGray(m.pixel(50, 17)), 255);
        QCOMPARE(qGray(m.pixel(50, 30)), 0);
        QCOMPARE(qGray(m.pixel(100, 20)), 0);
        QCOMPARE(emptiness.count(), 1);
        QCOMPARE(emptiness.last()[0].toBool(), false);

        view.undoStack()->undo();
        QVERIFY(view.mask()->isEmpty());
        QCOMPARE(emptiness.last()[0].toBool(), true);
        view.undoStack()->redo();
        QCOMPARE(qGray(view.mask()->image().pixel(50, 20)), 255);
    }

    void spaceDragPansInsteadOfPainting() {
        CanvasView view;
        view.resize(400, 400);
        view.setImage(solid(200, 200, Qt::gray));
        view.setZoom(1.0);
        const QPointF before = view.imageToWidget(QPointF(0, 0));
        QTest::keyPress(&view, Qt::Key_Space);
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, QPoint(150, 150));
        QTest::mouseMove(&view, QPoint(180, 170));
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, QPoint(180, 170));
        QTest::keyRelease(&view, Qt::Key_Space);
        QCOMPARE(view.imageToWidget(QPointF(0, 0)), before + QPointF(30, 20));
        QVERIFY(view.mask()->isEmpty());
    }

    void bracketKeysAndEraserToggle() {
        CanvasView view;
        view.mask()->setBrushSize(40);
        QTest::keyClick(&view, Qt::Key_BracketRight);
        QCOMPARE(view.mask()->brushSize(), 50);
        QTest::keyClick(&view, Qt::Key_BracketLeft);
        QCOMPARE(view.mask()->brushSize(), 40);
        QTest::keyClick(&view, Qt::Key_E);
        QVERIFY(view.mask()->eraser());
    }

    void previewIsShownThenCleared() {
        CanvasView view;
        view.resize(300, 300);
        view.setImage(solid(128, 128, Qt::black));
        view.showPreview(solid(16, 16, Qt::red));
        QVERIFY(!view.preview().isNull());
        // The preview is stretched over the image rect: the middle of the view is red.
        const QImage shot = view.grab().toImage();
        QCOMPARE(QColor(shot.pixel(150, 150)), QColor(Qt::red));
        view.replaceImage(solid(128, 128, Qt::blue), QStringLiteral("Generation"));
        view.clearPreview();
        QVERIFY(view.preview().isNull());
        QCOMPARE(QColor(view.grab().toImage().pixel(150, 150)), QColor(Qt::blue));
        view.undoStack()->undo();
        QCOMPARE(view.image().pixel(5, 5), qRgb(0, 0, 0));
    }

    void checkerboardShowsThroughTransparency() {
        CanvasView view;
        view.resize(300, 300);
        view.setImage(solid(256, 256, Qt::transparent));
        const QImage shot = view.grab().toImage();
        const int g1 = qGray(shot.pixel(150, 150)), g2 = qGray(shot.pixel(158, 150));
        QVERIFY(g1 != g2);
        QVERIFY(g1 > 100 && g2 > 100);
    }

    void maskShowsAsATintThatCanBeHidden() {
        CanvasView view;
        view.resize(300, 300);
        view.setImage(solid(128, 128, Qt::white));
        view.mask()->fill();
        const QColor tinted(view.grab().toImage().pixel(150, 150));
        qInfo() << "white under a full mask shows as" << tinted.name();
        QVERIFY(tinted.red() > 200 && tinted.green() < 200);
        view.mask()->setVisible(false);
        QCOMPARE(QColor(view.grab().toImage().pixel(150, 150)), QColor(Qt::white));
    }

    // Timing only: a 100-segment mouse stroke over a 4096x4096 document, repaints included.
    void largeImageStrokeTiming() {
        CanvasView view;
        view.resize(1200, 900);
        view.setImage(solid(4096, 4096, Qt::darkGreen));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.mask()->setBrushSize(200);
        QElapsedTimer timer;
        timer.start();
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, QPoint(100, 100));
        for (int i = 1; i <= 100; ++i) {
            QTest::mouseMove(&view, QPoint(100 + i * 10, 100 + (i % 20) * 30));
            QCoreApplication::processEvents();
        }
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, QPoint(1100, 100));
        QCoreApplication::processEvents();
        qInfo("4096x4096 canvas: 100-segment stroke with repaints %lld ms", timer.elapsed());
        QVERIFY(!view.mask()->isEmpty());
    }
};

QTEST_MAIN(TestCanvasView)
#include "tst_gui_canvas_view.moc"
