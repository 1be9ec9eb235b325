// labels: gui
// The studio's one history (HistoryModel) and the strip that shows it: rows in order with their
// numbers, pictures held in memory only until their files exist, rows dropped from the front.
#include <QAbstractItemModelTester>
#include <QListView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "tests/support/solid_image.h"
#include "ui/canvas_document.h"
#include "ui/canvas_view.h"
#include "ui/history_model.h"
#include "ui/history_strip.h"
#include "ui/main_window.h"

using namespace reverie::ui;

namespace {

HistoryEntry held(const QString& id, QColor c, const QString& parameters = {}) {
    HistoryEntry e;
    e.id = id;
    e.image = solid(200, 100, c);
    e.parameters = parameters;
    e.kind = QStringLiteral("new");
    e.writing = true;
    return e;
}

}  // namespace

class TestHistoryModel : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void rowsHoldPicturesUntilWritten() {
        QTemporaryDir dir;
        HistoryModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.append(held(QStringLiteral("a"), Qt::red)), 1);
        QCOMPARE(model.append(held(QStringLiteral("b"), Qt::green, QStringLiteral("p\nSeed: 2"))),
                 2);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(QStringLiteral("b")), 1);
        QCOMPARE(model.rowOf(QStringLiteral("zzz")), -1);
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("#2 new"));
        QCOMPARE(model.index(1, 0).data(Qt::ToolTipRole).toString(), QStringLiteral("p\nSeed: 2"));
        QVERIFY(model.index(0, 0).data(HistoryModel::WritingRole).toBool());
        // The thumbnail is made from the picture, within the strip's size.
        QCOMPARE(model.at(0).thumbnail.size(), QSize(kHistoryThumbnail, kHistoryThumbnail / 2));
        QCOMPARE(model.heldImageBytes(), 2 * solid(200, 100, Qt::red).sizeInBytes());

        // "b" is on disk now: its picture leaves memory and is read from the file.
        const QString path = dir.filePath(QStringLiteral("b.png"));
        QVERIFY(solid(200, 100, Qt::green).save(path));
        HistoryEntry written;
        written.image_path = path;
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.setWritten(QStringLiteral("b"), written));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.heldImageBytes(), solid(200, 100, Qt::red).sizeInBytes());
        QCOMPARE(model.image(1).pixelColor(5, 5), QColor(Qt::green));
        QVERIFY(!model.index(1, 0).data(HistoryModel::WritingRole).toBool());
        QVERIFY(!model.setWritten(QStringLiteral("gone"), written));  // no such row

        // "a" could not be written: its picture stays, its id names no files.
        model.setNotWritten(QStringLiteral("a"));
        QVERIFY(model.at(0).id.isEmpty());
        QCOMPARE(model.image(0).pixelColor(5, 5), QColor(Qt::red));

        // The oldest leaves; the numbers stay the rows' own.
        QCOMPARE(model.takeFirst().image.pixelColor(1, 1), QColor(Qt::red));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.number(0), 2);
        QCOMPARE(model.append(held(QStringLiteral("c"), Qt::blue)), 3);
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("#3 new"));
    }

    void rowsFromDiskSayWhatTheJobDid() {
        HistoryModel model;
        HistoryEntry made;
        made.image_path = QStringLiteral("/nonexistent/a.png");
        made.parameters = QStringLiteral("fox\nSteps: 4, Denoising strength: 0.5, Seed: 1");
        model.append(made);
        made.parameters = QStringLiteral("fox\nSteps: 4, Seed: 1");
        model.append(made);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("#1 refine"));
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("#2 new"));
        QVERIFY(model.image(0).isNull());  // the file has gone: no picture, no crash
    }

    void stripIsAViewOfTheWindowsHistory() {
        MainWindow w;
        HistoryStrip* strip = w.historyStrip();
        QVERIFY(strip->list()->model() == w.history());
        w.onFinished(solid(64, 64, Qt::green), QStringLiteral("one\nSeed: 1"));
        HistoryEntry e = held(QStringLiteral("x"), Qt::blue, QStringLiteral("two\nSeed: 2"));
        e.image = solid(64, 64, Qt::blue);
        e.settings.seed = 2;
        w.showResult(e);
        QCOMPARE(w.history()->count(), 2);
        QCOMPARE(strip->count(), 2);
        QCOMPARE(strip->list()->model()->rowCount(), 2);
        QCOMPARE(w.history()->at(1).settings.seed, qint64(2));
        QCOMPARE(w.history()->at(1).kind, QStringLiteral("new"));
        // A row taken out of the model leaves the strip, and clicks land on the rows that stay.
        w.history()->takeFirst();
        QCOMPARE(strip->list()->model()->rowCount(), 1);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy activated(strip, &HistoryStrip::imageActivated);
        QListView* list = strip->list();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::NoModifier,
                          list->visualRect(w.history()->index(0, 0)).center());
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated[0][0].toInt(), 0);
        QCOMPARE(w.canvas()->document()->layerCount(), 3);  // restored as a layer of its own
    }
};

QTEST_MAIN(TestHistoryModel)
#include "tst_gui_history_model.moc"
