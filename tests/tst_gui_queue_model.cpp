// labels: gui
// The studio's one queue (QueueModel) and the panel that shows it: the panel holds no list of
// its own, so what it shows is the window's queue after every enqueue, removal, run and reorder.
#include <QAbstractItemModelTester>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest/QtTest>

#include "ui/main_window.h"
#include "ui/prompt_panel.h"
#include "ui/queue_model.h"
#include "ui/queue_panel.h"

using namespace reverie::ui;

namespace {

QueuedJob job(const QString& prompt) {
    QueuedJob j;
    j.settings.prompt = prompt;
    return j;
}

QStringList prompts(const QueueModel& model) {
    QStringList out;
    for (const QueuedJob& j : model.jobs()) out << j.settings.prompt;
    return out;
}

// What the panel's list shows, row by row (its tool tips are the prompts).
QStringList shown(const QueuePanel& panel) {
    QStringList out;
    const QAbstractItemModel* m = panel.list()->model();
    for (int row = 0; row < m->rowCount(); ++row)
        out << m->index(row, 0).data(Qt::ToolTipRole).toString();
    return out;
}

void prompt(MainWindow& w, const QString& text) {
    GenerationSettings s = w.promptPanel()->settings();
    s.prompt = text;
    w.promptPanel()->setSettings(s);
}

}  // namespace

class TestQueueModel : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void enqueueTakeAndMove() {
        QueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counted(&model, &QueueModel::countChanged);
        model.enqueue(job(QStringLiteral("b")));
        model.enqueue(job(QStringLiteral("c")));
        model.enqueue(job(QStringLiteral("a")), /*front=*/true);
        QCOMPARE(prompts(model), (QStringList{"a", "b", "c"}));
        QCOMPARE(counted.count(), 3);
        QCOMPARE(counted.last().at(0).toInt(), 3);
        QVERIFY(model.index(1, 0).data().toString().startsWith(QStringLiteral("b  (")));
        // Row 0 dropped after row 2 (what a drag in the panel asks for).
        QVERIFY(model.moveRows({}, 0, 1, {}, 3));
        QCOMPARE(prompts(model), (QStringList{"b", "c", "a"}));
        QVERIFY(model.moveRows({}, 2, 1, {}, 0));
        QCOMPARE(prompts(model), (QStringList{"a", "b", "c"}));
        QVERIFY(!model.moveRows({}, 0, 4, {}, 0));  // past the end
        QCOMPARE(model.takeNext().settings.prompt, QStringLiteral("a"));
        QCOMPARE(model.take(1).settings.prompt, QStringLiteral("c"));
        QCOMPARE(prompts(model), (QStringList{"b"}));
        model.clear();
        QVERIFY(model.isEmpty());
        QCOMPARE(counted.last().at(0).toInt(), 0);
        QVERIFY(model.takeNext().settings.prompt.isEmpty());  // nothing to take: an empty job
    }

    void panelShowsTheWindowsQueue() {
        MainWindow w;
        QueuePanel* panel = w.queuePanel();
        QVERIFY(panel->list()->model() == w.queue());
        QSignalSpy started(&w, &MainWindow::generateRequested);
        prompt(w, QStringLiteral("first"));
        w.requestGeneration();  // runs at once
        for (const char* p : {"second", "third", "fourth"}) {
            prompt(w, QLatin1String(p));
            w.requestGeneration();  // busy: waits
        }
        QCOMPARE(started.count(), 1);
        QCOMPARE(prompts(*w.queue()), (QStringList{"second", "third", "fourth"}));
        QCOMPARE(shown(*panel), prompts(*w.queue()));
        QCOMPARE(panel->windowTitle(), QStringLiteral("Queue (3)"));

        // Remove: select "third" with the mouse and press the panel's Remove button.
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QListView* list = panel->list();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::NoModifier,
                          list->visualRect(w.queue()->index(1, 0)).center());
        QPushButton* remove = nullptr;
        for (QPushButton* b : panel->findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("Remove")) remove = b;
        QVERIFY(remove);
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(prompts(*w.queue()), (QStringList{"second", "fourth"}));
        QCOMPARE(shown(*panel), prompts(*w.queue()));

        // Run: the job ends, the top of the queue starts and leaves it.
        w.setBusy(false);
        QCOMPARE(started.count(), 2);
        QCOMPARE(started.last().at(0).value<GenerationSettings>().prompt, QStringLiteral("second"));
        QCOMPARE(shown(*panel), (QStringList{"fourth"}));

        // Double-click: the job goes back to the prompt panel and leaves the queue.
        const QPoint at = list->visualRect(w.queue()->index(0, 0)).center();
        // What a window system sends: a click, then the double-click (a widget's mouseDClick
        // sends only the latter).
        QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::NoModifier, at);
        QTest::mouseDClick(list->viewport(), Qt::LeftButton, Qt::NoModifier, at);
        QVERIFY(w.queue()->isEmpty());
        QVERIFY(shown(*panel).isEmpty());
        QCOMPARE(w.promptPanel()->settings().prompt, QStringLiteral("fourth"));
        QCOMPARE(panel->windowTitle(), QStringLiteral("Queue"));

        // A failed job returns to the top, seen there as failed, with why.
        w.onFailed(QStringLiteral("no server"));
        QCOMPARE(shown(*panel), (QStringList{"no server\nsecond"}));
        QVERIFY(w.queue()->index(0, 0).data().toString().startsWith(QStringLiteral("Failed: ")));
    }
};

QTEST_MAIN(TestQueueModel)
#include "tst_gui_queue_model.moc"
