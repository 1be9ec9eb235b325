// labels: gui
// The mask brush: stamps, interpolation, soft edges, eraser, whole-mask edits and their undo.
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest/QtTest>

#include "ui/mask_layer.h"

using reverie::ui::MaskLayer;

namespace {

int count_at_least(const QImage& mask, int threshold) {
    int n = 0;
    for (int y = 0; y < mask.height(); ++y) {
        const uchar* row = mask.constScanLine(y);
        for (int x = 0; x < mask.width(); ++x) n += row[x] >= threshold;
    }
    return n;
}

QImage noise_mask(int w, int h) {
    QImage m(w, h, QImage::Format_Grayscale8);
    QRandomGenerator rng(7);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) m.scanLine(y)[x] = uchar(rng.bounded(256));
    return m;
}

}  // namespace

class TestMaskLayer : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void hardStrokeCoversTheSegment() {
        QUndoStack undo;
        MaskLayer layer(&undo);
        layer.reset(QSize(100, 60));
        layer.setBrushSize(10);
        layer.setHardness(1.0);
        QSignalSpy changed(&layer, &MaskLayer::changed);
        layer.beginStroke(QPointF(10, 30));
        layer.strokeTo(QPointF(90, 30));
        layer.endStroke();
        const QImage& m = layer.image();
        // Interpolated stamps leave no gaps along the segment.
        for (int x = 10; x <= 90; ++x) QCOMPARE(qGray(m.pixel(x, 30)), 255);
        QCOMPARE(qGray(m.pixel(50, 27)), 255);
        QCOMPARE(qGray(m.pixel(50, 40)), 0);
        QCOMPARE(qGray(m.pixel(2, 30)), 0);
        QCOMPARE(qGray(m.pixel(98, 30)), 0);
        QVERIFY(!changed.isEmpty());
        // Every changed rect stays inside the stroke's band, so views repaint little.
        for (const auto& args : changed) QVERIFY(QRect(0, 20, 100, 21).contains(args[0].toRect()));
        QCOMPARE(undo.count(), 1);
    }

    void softBrushHasAGradedEdge() {
        QUndoStack undo;
        MaskLayer layer(&undo);
        layer.reset(QSize(64, 64));
        layer.setBrushSize(40);
        layer.setHardness(0.0);
        layer.beginStroke(QPointF(32, 32));
        layer.endStroke();
        const int centre = qGray(layer.image().pixel(32, 32));
        const int mid = qGray(layer.image().pixel(42, 32));
        const int rim = qGray(layer.image().pixel(51, 32));
        qInfo("soft dab centre %d, half radius %d, rim %d", centre, mid, rim);
        QVERIFY(centre > 230);
        QVERIFY(mid > 60 && mid < 200);
        QVERIFY(rim < 40);
    }

    void eraserRemovesMask() {
        QUndoStack undo;
        MaskLayer layer(&undo);
        layer.reset(QSize(50, 50));
        layer.fill();
        QCOMPARE(count_at_least(layer.image(), 255), 2500);
        layer.setEraser(true);
        layer.setBrushSize(8);
        layer.setHardness(1.0);
        layer.beginStroke(QPointF(5, 25));
        layer.strokeTo(QPointF(45, 25));
        layer.endStroke();
        QCOMPARE(qGray(layer.image().pixel(25, 25)), 0);
        QCOMPARE(qGray(layer.image().pixel(25, 5)), 255);
        undo.undo();
        QCOMPARE(count_at_least(layer.image(), 255), 2500);
        undo.undo();
        QCOMPARE(count_at_least(layer.image(), 1), 0);
    }

    // Strokes across many 64x64 tiles over a non-blank mask: undo restores every byte.
    void undoRestoresExactPixels() {
        QUndoStack undo;
        MaskLayer layer(&undo);
        const QImage original = noise_mask(300, 200);
        layer.setImage(original);
        layer.setBrushSize(37);
        layer.setHardness(0.3);
        layer.beginStroke(QPointF(-10, 5));
        layer.strokeTo(QPointF(150, 190));
        layer.strokeTo(QPointF(290, 20));
        layer.endStroke();
        const QImage painted = layer.image().copy();
        QVERIFY(painted != original);
        undo.undo();
        QCOMPARE(layer.image(), original);
        undo.redo();
        QCOMPARE(layer.image(), painted);
    }

    void invertFillClearAreUndoable() {
        QUndoStack undo;
        MaskLayer layer(&undo);
        layer.reset(QSize(20, 10));
        QVERIFY(layer.isEmpty());
        layer.invert();
        QCOMPARE(count_at_least(layer.image(), 255), 200);
        QVERIFY(!layer.isEmpty());
        layer.clear();
        QVERIFY(layer.isEmpty());
        undo.undo();
        QCOMPARE(count_at_least(layer.image(), 255), 200);
        undo.undo();
        QVERIFY(layer.isEmpty());
    }

    void brushSizeIsClamped() {
        QUndoStack undo;
        MaskLayer layer(&undo);
        layer.setBrushSize(0);
        QCOMPARE(layer.brushSize(), 1);
        layer.setBrushSize(100000);
        QVERIFY(layer.brushSize() <= 2048);
    }

    // Timing only (the machine is shared): a 100-segment stroke on a 4096x4096 mask.
    void largeMaskStrokeTiming() {
        QUndoStack undo;
        MaskLayer layer(&undo);
        layer.reset(QSize(4096, 4096));
        layer.setBrushSize(120);
        layer.setHardness(0.5);
        QElapsedTimer timer;
        timer.start();
        layer.beginStroke(QPointF(100, 100));
        for (int i = 1; i <= 100; ++i)
            layer.strokeTo(QPointF(100 + i * 38, 100 + 1900 * (1 + std::sin(i / 10.0)) / 2));
        const qint64 strokeMs = timer.elapsed();
        layer.endStroke();
        qInfo("4096x4096 mask: 100-segment stroke %lld ms, commit to undo %lld ms", strokeMs,
              timer.elapsed() - strokeMs);
        QVERIFY(!layer.isEmpty());
        QCOMPARE(undo.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestMaskLayer)
#include "tst_gui_mask_layer.moc"
