// labels: gui
// The canvas as a painting surface, driven with real mouse and key events: a region drawn with
// the region tool (the job is cut to it and rendered at the model's size, the result lands in its
// place, feathered; previews show there), the canvas expanded for outpainting (undoable, the new
// border masked), and live painting (edits regenerate, a newer edit cancels the live job in
// flight, the result is offered over the canvas until applied).
#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QUndoStack>
#include <QtTest/QtTest>

#include "tests/support/solid_image.h"

#include "ui/canvas_document.h"
#include "ui/canvas_view.h"
#include "ui/live_painting.h"
#include "ui/main_window.h"
#include "ui/mask_layer.h"
#include "ui/prompt_panel.h"
#include "ui/region_job.h"
#include "ui/region_selection.h"

using namespace reverie::ui;

namespace {

QPoint widget_point(CanvasView* c, QPointF imagePos) {
    return c->imageToWidget(imagePos).toPoint();
}

// Drags with the left button from `a` to `b` (image coordinates), as a user does.
void drag(CanvasView* c, QPointF a, QPointF b) {
    QTest::mousePress(c, Qt::LeftButton, Qt::NoModifier, widget_point(c, a));
    for (int i = 1; i <= 4; ++i) {
        const QPointF p = a + (b - a) * (i / 4.0);
        QMouseEvent move(QEvent::MouseMove, QPointF(widget_point(c, p)),
                         c->mapToGlobal(QPointF(widget_point(c, p))), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(c, &move);
    }
    QTest::mouseRelease(c, Qt::LeftButton, Qt::NoModifier, widget_point(c, b));
}

void press_key(QWidget* w, Qt::Key key, Qt::KeyboardModifiers mods = Qt::NoModifier) {
    w->setFocus();
    QTest::keyClick(w, key, mods);
}

struct Studio {
    MainWindow w;
    CanvasView* canvas = w.canvas();
    Studio() {
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        canvas->setImage(solid(400, 200, Qt::darkGreen));
        canvas->fitToWindow();
        GenerationSettings s = w.promptPanel()->settings();
        s.width = 128;
        s.height = 128;
        s.denoising_strength = 0.6;
        w.promptPanel()->setSettings(s);
    }
    // A mask of the canvas's size, white in `r`.
    void maskRect(const QRect& r) {
        QImage mask(canvas->document()->size(), QImage::Format_Grayscale8);
        mask.fill(0);
        QPainter(&mask).fillRect(r, Qt::white);
        canvas->mask()->setImage(mask);
    }
};

int alpha_at(const QImage& image, int x, int y) {
    return qAlpha(image.pixel(x, y));
}

}  // namespace

class TestCanvasRegions : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void renderSizeKeepsAspectAtTheModelsArea() {
        QCOMPARE(region_render_size(QSize(300, 150), QSize(512, 512)), QSize(728, 360));
        QCOMPARE(region_render_size(QSize(3000, 2000), QSize(512, 512)), QSize(624, 416));
        // Tiny regions are not rendered below 64 on a side.
        QCOMPARE(region_render_size(QSize(40, 400), QSize(64, 64)), QSize(64, 200));
    }

    void regionToolDrawsAndEscapeClears() {
        Studio s;
        press_key(s.canvas, Qt::Key_R);
        QCOMPARE(s.canvas->tool(), CanvasTool::Region);
        QSignalSpy changed(s.canvas->region(), &RegionSelection::changed);
        drag(s.canvas, QPointF(100, 50), QPointF(300, 150));
        const QRect r = s.canvas->region()->rect();
        QVERIFY2(qAbs(r.x() - 100) <= 2 && qAbs(r.width() - 200) <= 3,
                 qPrintable(QString::number(r.width())));
        QVERIFY(changed.count() > 0);
        // The panel says where it renders, and keeps the size fields for it.
        auto* label = s.w.promptPanel()->findChild<QLabel*>(QStringLiteral("modeLabel"));
        QVERIFY(label->text().contains(QStringLiteral("region")));
        // Dragging paints nothing on the layers.
        QCOMPARE(s.canvas->undoStack()->count(), 0);
        press_key(s.canvas, Qt::Key_Escape);
        QVERIFY(s.canvas->region()->isEmpty());
        // A click without a drag draws no region.
        drag(s.canvas, QPointF(50, 50), QPointF(51, 51));
        QVERIFY(s.canvas->region()->isEmpty());
    }

    void regionJobIsCutRenderedAtModelSizeAndPlacedBack() {
        Studio s;
        s.canvas->setTool(CanvasTool::Region);
        drag(s.canvas, QPointF(250, 0), QPointF(400, 100));
        const QRect region = s.canvas->region()->rect();
        QVERIFY(!region.isEmpty());
        QSignalSpy requested(&s.w, &MainWindow::generateRequested);
        s.w.requestGeneration();
        QCOMPARE(requested.count(), 1);
        const auto settings = requested[0][0].value<GenerationSettings>();
        const QSize render(settings.width, settings.height);
        QCOMPARE(render, region_render_size(region.size(), QSize(128, 128)));
        QCOMPARE(requested[0][1].value<QImage>().size(), render);
        // A preview of the whole job shows in the region's place, not over the canvas.
        s.w.onPreview(solid(16, 8, Qt::red));
        QCOMPARE(s.canvas->preview().size(), QSize(16, 8));
        s.w.onFinished(solid(render.width(), render.height(), Qt::red), QString());
        const Layer& top = s.canvas->document()->layer(s.canvas->document()->layerCount() - 1);
        QCOMPARE(top.image.size(), QSize(400, 200));
        QCOMPARE(alpha_at(top.image, 100, 150), 0);             // outside: untouched
        QCOMPARE(alpha_at(top.image, 350, 50), 255);            // inside: the result
        QVERIFY(alpha_at(top.image, region.left(), 50) < 128);  // feathered inner edge
        QCOMPARE(alpha_at(top.image, 399, 50), 255);            // the canvas border stays hard
        QCOMPARE(qRed(s.canvas->image().pixel(350, 50)), 255);
        s.w.setBusy(false);
    }

    void regionWithoutMaskInsideRefinesTheRegion() {
        Studio s;
        // A mask outside the region: the region's job is image to image.
        s.maskRect(QRect(0, 0, 50, 50));
        s.canvas->region()->setRect(QRect(200, 100, 200, 100));
        QSignalSpy requested(&s.w, &MainWindow::generateRequested);
        s.w.requestGeneration();
        QVERIFY(requested[0][2].value<QImage>().isNull());
        QVERIFY(!requested[0][1].value<QImage>().isNull());
        s.w.setBusy(false);
    }

    // While inpainting, the preview shows only where the mask repaints: elsewhere the picture
    // stays, and the sampler's guess of it is not what the result will hold.
    void inpaintPreviewShowsOnlyUnderTheMask() {
        Studio s;
        s.maskRect(QRect(200, 0, 200, 200));
        s.w.requestGeneration();
        QCOMPARE(s.w.mode(), GenerationMode::Inpaint);
        s.w.onPreview(solid(400, 200, Qt::red));
        const QImage p = s.canvas->preview();
        QCOMPARE(qAlpha(p.pixel(100, 100)), 0);
        QCOMPARE(qAlpha(p.pixel(300, 100)), 255);
        s.w.setBusy(false);
    }

    void expandCanvasMasksTheNewBorderAndUndoes() {
        Studio s;
        QTimer::singleShot(0, [] {
            auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            QCOMPARE(dialog->objectName(), QStringLiteral("expandCanvasDialog"));
            auto* right = dialog->findChild<QSpinBox*>(QStringLiteral("expandRight"));
            auto* top = dialog->findChild<QSpinBox*>(QStringLiteral("expandTop"));
            right->selectAll();
            QTest::keyClicks(right, QStringLiteral("96"));
            top->selectAll();
            QTest::keyClicks(top, QStringLiteral("32"));
            auto* box = dialog->findChild<QDialogButtonBox*>();
            QTest::mouseClick(box->button(QDialogButtonBox::Ok), Qt::LeftButton);
        });
        press_key(s.canvas, Qt::Key_E, Qt::ControlModifier | Qt::AltModifier);
        CanvasDocument* doc = s.canvas->document();
        QCOMPARE(doc->size(), QSize(496, 232));
        const QImage& m = s.canvas->mask()->image();
        QCOMPARE(m.size(), QSize(496, 232));
        QCOMPARE(qGray(m.pixel(450, 100)), 255);  // new right border
        QCOMPARE(qGray(m.pixel(100, 10)), 255);   // new top border
        QCOMPARE(qGray(m.pixel(396, 100)), 255);  // overlap band inside the picture
        QCOMPARE(qGray(m.pixel(200, 130)), 0);    // the picture itself is kept
        QCOMPARE(alpha_at(doc->layer(0).image, 450, 100), 0);
        QCOMPARE(s.w.mode(), GenerationMode::Inpaint);
        s.canvas->undoStack()->undo();
        QCOMPARE(doc->size(), QSize(400, 200));
        QVERIFY(s.canvas->mask()->isEmpty());
        s.canvas->undoStack()->redo();
        QCOMPARE(doc->size(), QSize(496, 232));
        QCOMPARE(qGray(s.canvas->mask()->image().pixel(450, 100)), 255);
    }

    // With the region tool, the canvas's edges have handles: dragging the right one outwards by
    // 64 pixels grows the canvas by 64 there, masked, as the dialog would.
    void draggingAnEdgeHandleExpands() {
        Studio s;
        press_key(s.canvas, Qt::Key_R);
        const QPointF handle = s.canvas->imageToWidget(QPointF(400, 100));
        const QPointF out = s.canvas->imageToWidget(QPointF(464, 100));
        QTest::mousePress(s.canvas, Qt::LeftButton, Qt::NoModifier, handle.toPoint());
        QMouseEvent move(QEvent::MouseMove, out, s.canvas->mapToGlobal(out), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(s.canvas, &move);
        QTest::mouseRelease(s.canvas, Qt::LeftButton, Qt::NoModifier, out.toPoint());
        QCOMPARE(s.canvas->document()->size(), QSize(464, 200));
        QVERIFY(s.canvas->region()->isEmpty());  // a handle drag draws no region
        QCOMPARE(qGray(s.canvas->mask()->image().pixel(430, 100)), 255);
        // Absurd growth stops at the largest canvas.
        s.canvas->document()->expand(QMargins(0, 0, 100000, 0), 8);
        QCOMPARE(s.canvas->document()->size().width(), CanvasDocument::kMaxSide);
    }

    void liveEditsRegenerateAndNewerEditsCancel() {
        Studio s;
        LivePainting* live = s.w.livePainting();
        QSignalSpy requested(&s.w, &MainWindow::generateRequested);
        QSignalSpy cancels(&s.w, &MainWindow::cancelRequested);
        live->stepsSpin()->setValue(6);
        live->toggleAction()->trigger();
        QTRY_COMPARE(requested.count(), 1);
        QCOMPARE(requested[0][0].value<GenerationSettings>().steps, 6);
        // A colour stroke while the live job runs: it is cancelled and the new one waits.
        press_key(s.canvas, Qt::Key_B);
        drag(s.canvas, QPointF(50, 50), QPointF(150, 120));
        QTRY_COMPARE(cancels.count(), 1);
        QCOMPARE(s.w.queue()->count(), 1);
        // Editing the prompt too: still one live job waiting, not two.
        s.w.promptPanel()->promptEdit()->setFocus();
        QTest::keyClicks(s.w.promptPanel()->promptEdit(), QStringLiteral("fox"));
        QTest::qWait(LivePainting::kPauseMs * 2);
        QCOMPARE(s.w.queue()->count(), 1);
        s.w.onCancelled();
        s.w.setBusy(false);  // the app layer ends the cancelled job: the waiting one starts
        QCOMPARE(requested.count(), 2);
        QVERIFY(requested[1][0].value<GenerationSettings>().prompt.contains(QStringLiteral("fox")));
        // The result is offered over the canvas, not added as a layer nor to the history.
        const int layers = s.canvas->document()->layerCount();
        s.w.onFinished(solid(400, 200, Qt::blue), QStringLiteral("live"));
        QCOMPARE(s.canvas->document()->layerCount(), layers);
        QCOMPARE(s.w.history()->count(), 0);
        QVERIFY(!live->result().isNull());
        QVERIFY(live->lastLatencyMs() >= 0);
        QVERIFY(live->applyAction()->isEnabled());
        s.w.setBusy(false);
        live->applyAction()->trigger();
        QCOMPARE(s.canvas->document()->layerCount(), layers + 1);
        QVERIFY(live->result().isNull());
        // Switching live off stops what waits and runs.
        QTRY_VERIFY(s.w.isBusy());  // the applied layer is an edit: another live job
        const int cancelled = cancels.count();
        live->toggleAction()->trigger();
        QCOMPARE(cancels.count(), cancelled + 1);
        QCOMPARE(s.w.queue()->count(), 0);
    }
};

QTEST_MAIN(TestCanvasRegions)
#include "tst_gui_canvas_regions.moc"
