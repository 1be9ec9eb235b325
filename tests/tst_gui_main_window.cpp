// labels: gui
// The studio window as the app layer drives it: requests, queue, progress, results, files.
#include <QAction>
#include <QImageReader>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUndoStack>
#include <QtTest/QtTest>

#include "tests/support/solid_image.h"

#include "ui/canvas_document.h"
#include "ui/canvas_view.h"
#include "ui/color_brush.h"
#include "ui/history_strip.h"
#include "ui/layers_panel.h"
#include "ui/main_window.h"
#include "ui/mask_layer.h"
#include "ui/progress_text.h"
#include "ui/prompt_panel.h"
#include "ui/queue_panel.h"

using namespace reverie::ui;

namespace {

const QString kParameters = QStringLiteral(
    "a fox\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 4242, "
    "Size: 64x64");

int prompts_answered = 0;

// Presses `button` in the next modal question, as a user would.
void answer_next_prompt(QMessageBox::StandardButton button) {
    QTimer::singleShot(0, [button] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QVERIFY(box);
        ++prompts_answered;
        QTest::mouseClick(box->button(button), Qt::LeftButton);
    });
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void titleNamesTheDocument() {
        MainWindow w;
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("Reverie — Untitled")));
    }

    void textToImageThenQueue() {
        MainWindow w;
        QSignalSpy requested(&w, &MainWindow::generateRequested);
        QCOMPARE(w.mode(), GenerationMode::TextToImage);
        w.requestGeneration();
        QCOMPARE(requested.count(), 1);
        QVERIFY(w.isBusy());
        QVERIFY(requested[0][1].value<QImage>().isNull());
        QVERIFY(requested[0][2].value<QImage>().isNull());
        // While busy, further requests wait in the visible queue.
        w.requestGeneration();
        w.requestGeneration();
        QCOMPARE(requested.count(), 1);
        QCOMPARE(w.queue()->count(), 2);
        // The panel shows the window's queue, nothing of its own.
        QVERIFY(w.queuePanel()->list()->model() == w.queue());
        QCOMPARE(w.queuePanel()->list()->model()->rowCount(), 2);
        w.setBusy(false);  // the job ended: the next one starts
        QCOMPARE(requested.count(), 2);
        QCOMPARE(w.queue()->count(), 1);
        QVERIFY(w.isBusy());
        w.queuePanel()->clear();
        w.setBusy(false);
        QVERIFY(!w.isBusy());
        QCOMPARE(requested.count(), 2);
    }

    void progressPreviewAndResult() {
        MainWindow w;
        w.requestGeneration();
        w.onProgress(3, 10, 2.5);
        bool found = false;
        for (QLabel* label : w.statusBar()->findChildren<QLabel*>())
            found |= label->text().startsWith(QStringLiteral("step 3/10"));
        QVERIFY(found);
        w.onPreview(solid(8, 8, Qt::red));
        QVERIFY(!w.canvas()->preview().isNull());
        w.onFinished(solid(64, 64, Qt::green), kParameters);
        QVERIFY(w.canvas()->preview().isNull());
        QCOMPARE(w.canvas()->image().size(), QSize(64, 64));
        QCOMPARE(w.historyStrip()->count(), 1);
        // Generating again at full strength makes a new picture, never silently a refinement.
        QCOMPARE(w.mode(), GenerationMode::TextToImage);
        auto* label = w.promptPanel()->findChild<QLabel*>(QStringLiteral("modeLabel"));
        QVERIFY(label->text().contains(QStringLiteral("new picture")));
        GenerationSettings s = w.promptPanel()->settings();
        s.denoising_strength = 0.5;
        w.promptPanel()->setSettings(s);
        QCOMPARE(w.mode(), GenerationMode::ImageToImage);
        QVERIFY(label->text().contains(QStringLiteral("refine")));
        w.setBusy(false);

        QSignalSpy chosen(&w, &MainWindow::historyImageChosen);
        QListView* list = w.historyStrip()->list();
        list->show();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::NoModifier,
                          list->visualRect(list->model()->index(0, 0)).center());
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen[0][0].toInt(), 0);
    }

    void inpaintSendsTheMask() {
        MainWindow w;
        w.canvas()->setImage(solid(64, 64, Qt::blue));
        QCOMPARE(w.mode(), GenerationMode::TextToImage);  // 100%: a new picture
        w.canvas()->mask()->fill();
        QCOMPARE(w.mode(), GenerationMode::Inpaint);
        QCOMPARE(w.promptPanel()->mode(), GenerationMode::Inpaint);
        QSignalSpy requested(&w, &MainWindow::generateRequested);
        w.requestGeneration();
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested[0][1].value<QImage>().size(), QSize(64, 64));
        const QImage mask = requested[0][2].value<QImage>();
        QCOMPARE(mask.format(), QImage::Format_Grayscale8);
        QCOMPARE(qGray(mask.pixel(10, 10)), 255);
    }

    void newCanvasIsTextToImage() {
        MainWindow w;
        w.newCanvas(QSize(256, 128));
        QCOMPARE(w.canvas()->image().size(), QSize(256, 128));
        QCOMPARE(w.mode(), GenerationMode::TextToImage);
        QCOMPARE(w.promptPanel()->settings().width, 256);
    }

    void generationIsUndoable() {
        MainWindow w;
        w.canvas()->setImage(solid(32, 32, Qt::white));
        w.onFinished(solid(32, 32, Qt::black), kParameters);
        QCOMPARE(w.canvas()->image().pixel(0, 0), qRgb(0, 0, 0));
        // The result is a layer of its own over the picture it was made on.
        QCOMPARE(w.canvas()->document()->layerCount(), 2);
        w.canvas()->undoStack()->undo();
        QCOMPARE(w.canvas()->image().pixel(0, 0), qRgb(255, 255, 255));
        QCOMPARE(w.canvas()->document()->layerCount(), 1);
    }

    void strengthChoosesNewPictureOrRefine() {
        MainWindow w;
        w.canvas()->setImage(solid(48, 32, Qt::white));
        QSignalSpy requested(&w, &MainWindow::generateRequested);
        GenerationSettings s = w.promptPanel()->settings();
        s.denoising_strength = 1.0;
        s.width = s.height = 512;
        w.promptPanel()->setSettings(s);
        w.requestGeneration();
        // 100%: a new picture at the canvas's size, the canvas not sent.
        QVERIFY(requested[0][1].value<QImage>().isNull());
        QCOMPARE(requested[0][0].value<GenerationSettings>().width, 48);
        w.onFinished(solid(48, 32, Qt::red), kParameters);
        w.setBusy(false);
        QVERIFY(w.historyStrip()->list()->model()->index(0, 0).data().toString().contains(
            QStringLiteral("new")));
        s.denoising_strength = 0.6;
        w.promptPanel()->setSettings(s);
        w.requestGeneration();
        // Below 100%: the flattened canvas is refined.
        QCOMPARE(requested[1][1].value<QImage>().pixel(1, 1), qRgb(255, 0, 0));
        w.onFinished(solid(48, 32, Qt::blue), kParameters);
        w.setBusy(false);
        QVERIFY(w.historyStrip()->list()->model()->index(1, 0).data().toString().contains(
            QStringLiteral("refine")));
        QCOMPARE(w.canvas()->document()->layerCount(), 3);
    }

    void savingAfterUndoWritesWhatIsShown() {
        QTemporaryDir dir;
        MainWindow w;
        w.canvas()->setImage(solid(16, 16, Qt::white));
        w.onFinished(solid(16, 16, Qt::black), QStringLiteral("first\nSteps: 1, Seed: 1"));
        w.onFinished(solid(16, 16, Qt::gray), QStringLiteral("second\nSteps: 1, Seed: 2"));
        w.canvas()->undoStack()->undo();
        const QString png = dir.filePath(QStringLiteral("undone.png"));
        QVERIFY(w.saveImageFile(png));
        QVERIFY(QImage(png).text(QStringLiteral("parameters")).startsWith(QStringLiteral("first")));
    }

    void saveKeepsParametersAndOpenReadsThem() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        MainWindow w;
        w.onFinished(solid(40, 24, Qt::yellow), kParameters);
        const QString png = dir.filePath(QStringLiteral("out.png"));
        QVERIFY(w.saveImageFile(png));
        QVERIFY(w.windowTitle().contains(QStringLiteral("out.png")));
        // QImageReader::text() simplifies whitespace; the decoded image keeps the newlines.
        QCOMPARE(QImage(png).text(QStringLiteral("parameters")), kParameters);
        QVERIFY(w.saveImageFile(dir.filePath(QStringLiteral("out.jpg"))));
        QCOMPARE(QImage(dir.filePath(QStringLiteral("out.jpg"))).size(), QSize(40, 24));

        MainWindow other;
        QVERIFY(other.openImageFile(png));
        QCOMPARE(other.canvas()->image().size(), QSize(40, 24));
        QCOMPARE(other.documentName(), QStringLiteral("out.png"));
        // A missing file is reported, never a crash.
        QVERIFY(!other.openImageFile(dir.filePath(QStringLiteral("missing.png"))));
        QVERIFY(!other.saveImageFile(dir.filePath(QStringLiteral("out.bmpx"))));
    }

    void failureIsReportedAndCancelIsForwarded() {
        MainWindow w;
        QSignalSpy cancel(&w, &MainWindow::cancelRequested);
        w.requestCancel();
        QCOMPARE(cancel.count(), 0);  // nothing running
        w.requestGeneration();
        w.requestCancel();
        QCOMPARE(cancel.count(), 1);
        w.onFailed(QStringLiteral("out of memory"));
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("out of memory")));
        QSignalSpy started(&w, &MainWindow::generateRequested);
        w.setBusy(false);
        QVERIFY(!w.isBusy());
        // The failed job waits at the top of the queue, held: no retry loop against a dead server.
        QueueModel* queue = w.queue();
        QCOMPARE(queue->count(), 1);
        QCOMPARE(started.count(), 0);
        QVERIFY(!queue->at(0).failure.isEmpty());
        // Generate with the same settings retries that job (it leaves the queue, no copy).
        w.requestGeneration();
        QCOMPARE(started.count(), 1);
        QVERIFY(w.isBusy());
        QCOMPARE(queue->count(), 0);
        // It fails again; other settings make a new job, which runs while the failed one waits.
        w.onFailed(QStringLiteral("out of memory"));
        w.setBusy(false);
        GenerationSettings other = w.promptPanel()->settings();
        other.prompt = QStringLiteral("something else");
        w.promptPanel()->setSettings(other);
        w.requestGeneration();
        QCOMPARE(started.count(), 2);
        QCOMPARE(started.last().at(0).value<GenerationSettings>().prompt, other.prompt);
        QCOMPARE(queue->count(), 1);
        QVERIFY(!queue->at(0).failure.isEmpty());
        // When the new job ends, the queue does not run the failed one by itself.
        w.setBusy(false);
        QCOMPARE(started.count(), 2);
        QVERIFY(!w.isBusy());
    }

    void progressText() {
        QCOMPARE(format_progress(5, 20, 2.0), QStringLiteral("step 5/20 · 2.00 it/s · 8 s left"));
        QCOMPARE(format_progress(1, 4, 0.25), QStringLiteral("step 1/4 · 4.00 s/it · 12 s left"));
        QCOMPARE(format_progress(0, 30, 0.0), QStringLiteral("step 0/30"));
        QCOMPARE(format_progress(0, 200, 1.0),
                 QStringLiteral("step 0/200 · 1.00 it/s · 3 min 20 s left"));
    }

    void cancelledJobLeavesTheCanvas() {
        MainWindow w;
        w.requestGeneration();
        w.onStatus(QStringLiteral("Loading model…"));
        bool found = false;
        for (QLabel* label : w.statusBar()->findChildren<QLabel*>())
            found |= label->text() == QStringLiteral("Loading model…");
        QVERIFY(found);
        w.onPreview(solid(8, 8, Qt::red));
        w.onCancelled();
        w.setBusy(false);
        QVERIFY(w.canvas()->preview().isNull());
        QVERIFY(w.canvas()->image().isNull());
        QCOMPARE(w.historyStrip()->count(), 0);
        QVERIFY(!w.isBusy());
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("Cancelled")));
    }

    void settingsActionAsksTheAppLayer() {
        MainWindow w;
        QSignalSpy asked(&w, &MainWindow::settingsRequested);
        auto* action = w.findChild<QAction*>(QStringLiteral("settingsAction"));
        QVERIFY(action);
        action->trigger();
        QCOMPARE(asked.count(), 1);
    }

    // New, Open, Drop and Quit ask before unsaved work goes: Cancel keeps everything, Discard
    // goes on, Save writes the file first; quitting while generating asks too.
    void unsavedWorkIsNeverDroppedSilently() {
        QTemporaryDir dir;
        MainWindow w;
        w.show();
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.canvas()->setImage(solid(16, 16, Qt::white));
        w.onFinished(solid(16, 16, Qt::black), kParameters);
        QVERIFY(!w.canvas()->undoStack()->isClean());
        const QString dropped = dir.filePath(QStringLiteral("dropped.png"));
        QVERIFY(solid(8, 8, Qt::red).save(dropped));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(dropped)});
        auto drop = [&] {
            QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton,
                                  Qt::NoModifier);
            QApplication::sendEvent(&w, &enter);
            QDropEvent e(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&w, &e);
        };
        prompts_answered = 0;
        answer_next_prompt(QMessageBox::Cancel);
        drop();
        QCOMPARE(prompts_answered, 1);
        QCOMPARE(w.canvas()->image().size(), QSize(16, 16));  // kept
        answer_next_prompt(QMessageBox::Cancel);
        for (QAction* a : w.findChildren<QAction*>())
            if (a->shortcut() == QKeySequence(QKeySequence::New)) a->trigger();
        QCOMPARE(prompts_answered, 2);
        QCOMPARE(w.canvas()->document()->layerCount(), 2);
        // Quit: Cancel keeps the window open.
        answer_next_prompt(QMessageBox::Cancel);
        QVERIFY(!w.close());
        QCOMPARE(prompts_answered, 3);
        QVERIFY(w.isVisible());
        // Save writes the file, then the drop goes ahead.
        QVERIFY(w.saveImageFile(dir.filePath(QStringLiteral("first.png"))));
        w.onFinished(solid(16, 16, Qt::gray), kParameters);
        answer_next_prompt(QMessageBox::Save);
        drop();
        QCOMPARE(prompts_answered, 4);
        QCOMPARE(QImage(dir.filePath(QStringLiteral("first.png"))).pixel(1, 1),
                 QColor(Qt::gray).rgb());
        QCOMPARE(w.canvas()->image().size(), QSize(8, 8));
        // Quitting while a generation runs asks first.
        w.requestGeneration();
        QVERIFY(w.isBusy());
        answer_next_prompt(QMessageBox::No);
        QVERIFY(!w.close());
        QCOMPARE(prompts_answered, 5);
        answer_next_prompt(QMessageBox::Yes);
        QVERIFY(w.close());
        QCOMPARE(prompts_answered, 6);
    }

    // The painting workflow as a user does it: a picture, a sketch layer painted with the colour
    // brush by mouse, half opacity. With REVERIE_SCREENSHOT_DIR set (run under xvfb-run with
    // QT_QPA_PLATFORM=xcb) the window is saved there for the README.
    void paintingASketchLayer() {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QImage scene(384, 384, QImage::Format_ARGB32_Premultiplied);
        {
            QPainter p(&scene);
            QLinearGradient sky(0, 0, 0, 384);
            sky.setColorAt(0, QColor(40, 90, 200));
            sky.setColorAt(1, QColor(170, 210, 250));
            p.fillRect(scene.rect(), sky);
        }
        w.canvas()->setImage(scene);
        QTest::mouseClick(w.layersPanel()->button(QStringLiteral("addLayer")), Qt::LeftButton);
        CanvasView* c = w.canvas();
        c->setTool(CanvasTool::ColorBrush);
        auto stroke = [c](QColor colour, int size, const QList<QPointF>& points) {
            c->colorBrush()->setColor(colour);
            c->colorBrush()->setBrushSize(size);
            QTest::mousePress(c, Qt::LeftButton, Qt::NoModifier,
                              c->imageToWidget(points.front()).toPoint());
            for (const QPointF& p : points) {
                const QPointF at = c->imageToWidget(p);
                QMouseEvent e(QEvent::MouseMove, at, c->mapToGlobal(at), Qt::NoButton,
                              Qt::LeftButton, Qt::NoModifier);
                QApplication::sendEvent(c, &e);
            }
            QTest::mouseRelease(c, Qt::LeftButton, Qt::NoModifier,
                                c->imageToWidget(points.back()).toPoint());
        };
        stroke(QColor(250, 210, 40), 70, {{290, 80}, {292, 82}});                         // a sun
        stroke(QColor(40, 150, 60), 60, {{0, 330}, {120, 280}, {250, 320}, {384, 290}});  // hills
        stroke(QColor(30, 110, 45), 90, {{0, 384}, {384, 370}});
        stroke(QColor(120, 70, 30), 18, {{110, 300}, {110, 230}});  // a tree
        stroke(QColor(30, 120, 40), 50, {{110, 215}, {112, 212}});
        QCOMPARE(w.canvas()->document()->layerCount(), 2);
        QCOMPARE(w.layersPanel()->list()->count(), 2);
        QCOMPARE(w.canvas()->document()->layer(1).image.pixel(290, 80), qRgb(250, 210, 40));
        QCOMPARE(w.canvas()->document()->layer(0).image.pixel(290, 80),
                 scene.pixel(290, 80));  // the picture under the sketch is untouched
        GenerationSettings s = w.promptPanel()->settings();
        s.prompt = QStringLiteral("a sunny landscape with green hills and a tree, blue sky");
        s.denoising_strength = 0.6;
        w.promptPanel()->setSettings(s);
        QCOMPARE(w.mode(), GenerationMode::ImageToImage);
        const QString dir = qEnvironmentVariable("REVERIE_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QTest::qWait(200);
            QVERIFY(w.grab().save(dir + QStringLiteral("/studio-layers-sketch.png")));
        }
    }

    void historyFromDiskIsReadWhenChosen() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.png"));
        QVERIFY(solid(32, 16, Qt::magenta).save(path));
        MainWindow w;
        w.historyStrip()->addFile(path, solid(8, 4, Qt::magenta), kParameters);
        w.historyStrip()->addFile(dir.filePath(QStringLiteral("gone.png")), solid(8, 8, Qt::gray),
                                  QString());
        QListView* list = w.historyStrip()->list();
        Q_EMIT list->clicked(list->model()->index(0, 0));
        QCOMPARE(w.canvas()->image().size(), QSize(32, 16));
        QCOMPARE(w.canvas()->image().pixel(3, 3), QColor(Qt::magenta).rgb());
        // A file removed since: the user is told and the canvas stays.
        const QImage before = w.canvas()->image();
        Q_EMIT list->clicked(list->model()->index(1, 0));
        QCOMPARE(w.canvas()->image(), before);
        QVERIFY(w.findChild<QMessageBox*>() != nullptr);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_gui_main_window.moc"
