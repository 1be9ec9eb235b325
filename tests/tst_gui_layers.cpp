// labels: gui
// The canvas document's layer stack through the layers panel, driven with the mouse and keys:
// add, paint, hide, opacity, reorder, rename, merge down, delete, and undo of each.
#include <QLineEdit>
#include <QListWidget>
#include <QSlider>
#include <QToolButton>
#include <QUndoStack>
#include <QtTest/QtTest>

#include "tests/support/solid_image.h"

#include "ui/canvas_document.h"
#include "ui/canvas_view.h"
#include "ui/color_brush.h"
#include "ui/layers_panel.h"

using namespace reverie::ui;

namespace {

void click_row(QListWidget* list, int row, Qt::KeyboardModifiers mods = Qt::NoModifier) {
    QTest::mouseClick(list->viewport(), Qt::LeftButton, mods,
                      list->visualItemRect(list->item(row)).center());
}

// The tick box sits at the left of the row.
void click_check(QListWidget* list, int row) {
    const QRect r = list->visualItemRect(list->item(row));
    QStyleOptionViewItem opt;
    opt.rect = r;
    opt.features = QStyleOptionViewItem::HasCheckIndicator;
    const QRect box =
        list->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &opt, list);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::NoModifier, box.center());
}

struct Fixture {
    CanvasView canvas;
    LayersPanel panel{canvas.document()};
    CanvasDocument* doc = canvas.document();
    Fixture() {
        canvas.resize(200, 200);
        canvas.setImage(solid(40, 40, Qt::white));
        panel.show();
        QVERIFY2(QTest::qWaitForWindowExposed(&panel), "panel shown");
    }
};

}  // namespace

class TestLayers : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void addHideAndUndo() {
        Fixture f;
        QListWidget* list = f.panel.list();
        QCOMPARE(list->count(), 1);
        QTest::mouseClick(f.panel.button(QStringLiteral("addLayer")), Qt::LeftButton);
        QCOMPARE(f.doc->layerCount(), 2);
        QCOMPARE(list->count(), 2);
        QCOMPARE(f.doc->activeIndex(), 1);
        // A new layer is transparent: the picture is unchanged.
        QCOMPARE(f.canvas.image().pixel(5, 5), qRgb(255, 255, 255));
        f.doc->addLayer(solid(40, 40, Qt::red), QStringLiteral("red"));
        QCOMPARE(f.canvas.image().pixel(5, 5), qRgb(255, 0, 0));
        QCOMPARE(list->item(0)->text(), QStringLiteral("red"));  // top layer first
        click_check(list, 0);
        QTRY_VERIFY(!f.doc->layer(2).visible);
        QCOMPARE(f.canvas.image().pixel(5, 5), qRgb(255, 255, 255));
        f.doc->undoStack()->undo();
        QVERIFY(f.doc->layer(2).visible);
        QCOMPARE(f.canvas.image().pixel(5, 5), qRgb(255, 0, 0));
        f.doc->undoStack()->undo();  // the red layer
        f.doc->undoStack()->undo();  // the empty one
        QCOMPARE(f.doc->layerCount(), 1);
        QCOMPARE(list->count(), 1);
        f.doc->undoStack()->redo();
        QCOMPARE(f.doc->layerCount(), 2);
    }

    void opacityDragIsOneUndoStep() {
        Fixture f;
        f.doc->addLayer(solid(40, 40, Qt::black), QStringLiteral("black"));
        const int before = f.doc->undoStack()->count();
        QSlider* slider = f.panel.opacitySlider();
        QCOMPARE(slider->value(), 100);
        slider->setFocus();
        for (int i = 0; i < 5; ++i) QTest::keyClick(slider, Qt::Key_PageDown);
        QCOMPARE(slider->value(), 50);
        QCOMPARE(f.doc->layer(1).opacity, 0.5);
        QCOMPARE(f.doc->undoStack()->count(), before + 1);
        // Black at half opacity over white.
        QVERIFY(std::abs(qRed(f.canvas.image().pixel(3, 3)) - 128) <= 1);
        f.doc->undoStack()->undo();
        QCOMPARE(f.doc->layer(1).opacity, 1.0);
        QCOMPARE(slider->value(), 100);
    }

    void reorderRenameMergeDelete() {
        Fixture f;
        f.doc->addLayer(solid(40, 40, Qt::red), QStringLiteral("red"));
        QImage half(40, 40, QImage::Format_ARGB32_Premultiplied);
        half.fill(Qt::transparent);
        for (int y = 0; y < 40; ++y)
            for (int x = 0; x < 20; ++x) half.setPixel(x, y, qRgb(0, 0, 255));
        f.doc->addLayer(half, QStringLiteral("blue half"));
        QListWidget* list = f.panel.list();
        QCOMPARE(f.canvas.image().pixel(5, 5), qRgb(0, 0, 255));
        QCOMPARE(f.canvas.image().pixel(30, 5), qRgb(255, 0, 0));
        // Select "red" (second row) and raise it above the blue half.
        click_row(list, 1);
        QTRY_COMPARE(f.doc->activeIndex(), 1);
        QTest::mouseClick(f.panel.button(QStringLiteral("raiseLayer")), Qt::LeftButton);
        QCOMPARE(f.doc->layer(2).name, QStringLiteral("red"));
        QCOMPARE(f.canvas.image().pixel(5, 5), qRgb(255, 0, 0));
        f.doc->undoStack()->undo();
        QCOMPARE(f.canvas.image().pixel(5, 5), qRgb(0, 0, 255));

        // Rename the top layer by double-clicking it and typing.
        click_row(list, 0);
        QTest::keyClick(list, Qt::Key_F2);
        auto* editor = list->findChild<QLineEdit*>();
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("sky"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(f.doc->layer(2).name, QStringLiteral("sky"));

        // Merge the blue half down onto red: one layer holding both.
        click_row(list, 0);
        QTRY_COMPARE(f.doc->activeIndex(), 2);
        QTest::mouseClick(f.panel.button(QStringLiteral("mergeDown")), Qt::LeftButton);
        QCOMPARE(f.doc->layerCount(), 2);
        const QImage merged = f.doc->layer(1).image;
        QCOMPARE(merged.pixel(5, 5), qRgb(0, 0, 255));
        QCOMPARE(merged.pixel(30, 5), qRgb(255, 0, 0));
        f.doc->undoStack()->undo();
        QCOMPARE(f.doc->layerCount(), 3);

        // Delete the top layer, then undo it back.
        QTest::mouseClick(f.panel.button(QStringLiteral("deleteLayer")), Qt::LeftButton);
        QCOMPARE(f.doc->layerCount(), 2);
        QCOMPARE(f.canvas.image().pixel(5, 5), qRgb(255, 0, 0));
        f.doc->undoStack()->undo();
        QCOMPARE(f.doc->layerCount(), 3);
        QCOMPARE(f.canvas.image().pixel(5, 5), qRgb(0, 0, 255));
    }

    void paintingGoesToTheActiveLayerAndUndoes() {
        Fixture f;
        f.canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&f.canvas));
        QTest::mouseClick(f.panel.button(QStringLiteral("addLayer")), Qt::LeftButton);
        f.canvas.setTool(CanvasTool::ColorBrush);
        f.canvas.colorBrush()->setColor(Qt::green);
        f.canvas.colorBrush()->setBrushSize(6);
        f.canvas.colorBrush()->setHardness(1.0);
        const QPoint a = f.canvas.imageToWidget(QPointF(5, 20)).toPoint();
        const QPoint b = f.canvas.imageToWidget(QPointF(35, 20)).toPoint();
        QTest::mousePress(&f.canvas, Qt::LeftButton, Qt::NoModifier, a);
        QMouseEvent move(QEvent::MouseMove, b, f.canvas.mapToGlobal(b), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&f.canvas, &move);
        QTest::mouseRelease(&f.canvas, Qt::LeftButton, Qt::NoModifier, b);
        // The stroke is on the new layer; the background is untouched.
        QCOMPARE(f.doc->layer(1).image.pixel(20, 20), qRgb(0, 255, 0));
        QCOMPARE(f.doc->layer(0).image.pixel(20, 20), qRgb(255, 255, 255));
        QCOMPARE(f.canvas.image().pixel(20, 20), qRgb(0, 255, 0));
        QCOMPARE(qAlpha(f.doc->layer(1).image.pixel(20, 5)), 0);
        // Hiding the painted layer hides the stroke from what a generation sees.
        f.doc->setLayerVisible(1, false);
        QCOMPARE(f.canvas.image().pixel(20, 20), qRgb(255, 255, 255));
        f.doc->undoStack()->undo();
        f.doc->undoStack()->undo();  // the stroke
        QCOMPARE(qAlpha(f.doc->layer(1).image.pixel(20, 20)), 0);
        f.doc->undoStack()->redo();
        QCOMPARE(f.doc->layer(1).image.pixel(20, 20), qRgb(0, 255, 0));
    }

    void theLastLayerIsEmptiedNotRemoved() {
        Fixture f;
        f.doc->removeLayer(0);
        QCOMPARE(f.doc->layerCount(), 1);
        QCOMPARE(qAlpha(f.canvas.image().pixel(1, 1)), 0);
        QCOMPARE(f.canvas.image().size(), QSize(40, 40));
        f.doc->undoStack()->undo();
        QCOMPARE(f.canvas.image().pixel(1, 1), qRgb(255, 255, 255));
    }
};

QTEST_MAIN(TestLayers)
#include "tst_gui_layers.moc"
