// labels: golden app
// The studio as a user drives it, on the tiny golden model: the window, the generation thread,
// the history on disk and the autosave, wired by StudioSession.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QMessageBox>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest/QtTest>
#include <filesystem>

#include "app/worker/session_dump.h"
#include "app/worker/studio_session.h"
#include "tests/support/test_support.h"
#include "ui/canvas_document.h"
#include "ui/canvas_view.h"
#include "ui/history_strip.h"
#include "ui/live_painting.h"
#include "ui/main_window.h"
#include "ui/mask_layer.h"
#include "ui/prompt_panel.h"
#include "ui/queue_panel.h"

using namespace reverie;
using reverie::ui::GenerationSettings;

namespace {

constexpr int kTimeoutMs = 600000;  // a loaded CI machine; nothing here asserts on timing

// One studio on scratch folders: its own settings file, history and autosave.
struct Studio {
    QSettings settings;
    ui::MainWindow window;
    app::StudioSession session;

    Studio(const QTemporaryDir& dir, int autosave_ms = 3600000)
        : settings(dir.filePath(QStringLiteral("reverie.ini")), QSettings::IniFormat),
          session(&window, &settings, options(dir, autosave_ms)) {
        ui::Preferences p;
        p.device = QStringLiteral("cpu");
        p.preview = QStringLiteral("linear");
        session.applyPreferences(p);
    }
    static app::SessionOptions options(const QTemporaryDir& dir, int autosave_ms) {
        app::SessionOptions o;
        o.history_dir = dir.filePath(QStringLiteral("history"));
        o.autosave_dir = dir.filePath(QStringLiteral("autosave"));
        o.autosave_interval_ms = autosave_ms;
        return o;
    }
    void use(const std::string& model, int steps, qint64 seed = 5) {
        GenerationSettings s = window.promptPanel()->settings();
        s.model_path = QString::fromStdString(model);
        s.prompt = QStringLiteral("a blue circle");
        s.sampler = QStringLiteral("euler");
        s.steps = steps;
        s.seed = seed;
        s.width = s.height = 64;
        window.promptPanel()->setSettings(s);
    }
    // Returns when the window is idle again (the caller checks isBusy()).
    void generate() {
        window.requestGeneration();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isBusy(), kTimeoutMs);
    }
};

// tiny-sd1 with the recommendations the built-in model carries in its model_index.json.
QString tiny_with_defaults(const std::string& tiny) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(test::scratch_dir()) / "tiny-sd1-defaults";
    fs::create_directories(dir);
    for (const auto& entry : fs::directory_iterator(tiny))
        if (entry.path().filename() != "model_index.json" &&
            !fs::exists(dir / entry.path().filename()))
            fs::create_symlink(entry.path(), dir / entry.path().filename());
    QFile in(QString::fromStdString(tiny + "/model_index.json"));
    if (!in.open(QIODevice::ReadOnly)) return {};
    QJsonObject index = QJsonDocument::fromJson(in.readAll()).object();
    QJsonObject defaults;
    defaults[QStringLiteral("sampler")] = QStringLiteral("dpmpp_2m");
    defaults[QStringLiteral("steps")] = 12;
    defaults[QStringLiteral("cfg_scale")] = 3.5;
    defaults[QStringLiteral("width")] = 128;
    defaults[QStringLiteral("height")] = 96;
    index[QStringLiteral("reverie")] = QJsonObject{{QStringLiteral("defaults"), defaults}};
    QFile out(QString::fromStdString((dir / "model_index.json").string()));
    if (!out.open(QIODevice::WriteOnly)) return {};
    out.write(QJsonDocument(index).toJson());
    return QString::fromStdString(dir.string());
}

QImage grey(int w, int h) {
    QImage img(w, h, QImage::Format_ARGB32_Premultiplied);
    img.fill(QColor(120, 130, 140));
    return img;
}

}  // namespace

class TestWorkerSession : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void generationLandsOnCanvasAndInHistory() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        QTemporaryDir dir;
        Studio s(dir);
        s.use(tiny, 3, 321);
        s.generate();
        QVERIFY(!s.window.isBusy());
        QCOMPARE(s.window.canvas()->image().size(), QSize(64, 64));
        QCOMPARE(s.window.historyStrip()->count(), 1);
        // The files are written off the GUI thread; the entry is listed once they exist.
        QTRY_COMPARE(int(s.session.history().entries().size()), 1);
        const app::HistoryEntry e = s.session.history().entries().front();
        QCOMPARE(e.settings.seed, qint64(321));
        QVERIFY(e.parameters.contains(QStringLiteral("Seed: 321")));
        QVERIFY(QFile::exists(e.image_path));
        QVERIFY(s.window.canvas()->preview().isNull());  // the preview gave way to the result
        QVERIFY(!s.session.controller()->isBusy());
    }

    // Live painting through the real worker: a stroke's regeneration is offered over the canvas
    // and leaves the history (the strip and the folder) as it was; applying keeps it as a layer.
    void liveResultsAreOfferedNotKept() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        QTemporaryDir dir;
        Studio s(dir);
        s.use(tiny, 20);
        QImage picture(64, 64, QImage::Format_ARGB32_Premultiplied);
        picture.fill(Qt::darkBlue);
        s.window.canvas()->setImage(picture);
        GenerationSettings g = s.window.promptPanel()->settings();
        g.denoising_strength = 0.6;
        s.window.promptPanel()->setSettings(g);
        ui::LivePainting* live = s.window.livePainting();
        live->stepsSpin()->setValue(4);
        live->toggleAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!live->result().isNull(), kTimeoutMs);
        QCOMPARE(live->result().size(), QSize(64, 64));
        QTRY_VERIFY_WITH_TIMEOUT(!s.window.isBusy(), kTimeoutMs);
        QCOMPARE(s.window.historyStrip()->count(), 0);
        QCOMPARE(int(s.session.history().entries().size()), 0);
        QVERIFY(QDir(dir.filePath(QStringLiteral("history")))
                    .entryList({QStringLiteral("*.png")}, QDir::Files)
                    .isEmpty());
        const int layers = s.window.canvas()->document()->layerCount();
        live->applyAction()->trigger();
        QCOMPARE(s.window.canvas()->document()->layerCount(), layers + 1);
        live->toggleAction()->trigger();  // off: nothing left running
        QTRY_VERIFY_WITH_TIMEOUT(!s.window.isBusy(), kTimeoutMs);
    }

    void queuedJobsAllRunInOrder() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        QTemporaryDir dir;
        Studio s(dir);
        s.use(tiny, 2, 10);
        s.window.requestGeneration();
        s.use(tiny, 2, 20);
        s.window.requestGeneration();  // busy: waits in the window's queue
        s.use(tiny, 2, 30);
        s.window.requestGeneration();
        QCOMPARE(s.window.queue()->count(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!s.window.isBusy(), kTimeoutMs);
        QCOMPARE(s.window.queue()->count(), 0);
        QTRY_COMPARE(int(s.session.history().entries().size()), 3);
        QList<qint64> seeds;
        for (const auto& e : s.session.history().entries()) seeds << e.settings.seed;
        QCOMPARE(seeds, (QList<qint64>{10, 20, 30}));
    }

    void failureLeavesEverythingAsItWas() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        QTemporaryDir dir;
        Studio s(dir);
        s.window.newCanvas(QSize(64, 64));
        s.window.canvas()->replaceImage(grey(64, 64), QStringLiteral("grey"));
        s.window.canvas()->mask()->fill();
        const QImage image = s.window.canvas()->image();
        const QImage mask = s.window.canvas()->mask()->image();
        const int undo = s.window.canvas()->undoStack()->count();
        QCOMPARE(s.window.mode(), ui::GenerationMode::Inpaint);
        s.use("/nonexistent/model.safetensors", 2);
        s.generate();
        QVERIFY(!s.window.isBusy());
        QCOMPARE(s.window.canvas()->image(), image);
        QCOMPARE(s.window.canvas()->mask()->image(), mask);
        QCOMPARE(s.window.canvas()->undoStack()->count(), undo);
        QCOMPARE(s.window.historyStrip()->count(), 0);
        QCOMPARE(int(s.session.history().entries().size()), 0);
        // The user was told (non-modal box), and the studio is idle, ready for the next job.
        QVERIFY(s.window.findChild<QMessageBox*>() != nullptr);
        s.use(tiny, 2);
        s.generate();
        QVERIFY(!s.window.isBusy());
        // A new request runs; the failed one keeps waiting, marked, for a retry.
        QCOMPARE(s.window.historyStrip()->count(), 1);
        QCOMPARE(s.window.queue()->count(), 1);
        QVERIFY(!s.window.queue()->at(0).failure.isEmpty());
        QVERIFY(s.window.queue()
                    ->data(s.window.queue()->index(0), Qt::DisplayRole)
                    .toString()
                    .startsWith(QStringLiteral("Failed")));
    }

    void cancelLeavesEverythingAsItWas() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        QTemporaryDir dir;
        Studio s(dir);
        s.window.newCanvas(QSize(128, 128));
        s.window.canvas()->replaceImage(grey(128, 128), QStringLiteral("grey"));
        const QImage image = s.window.canvas()->image();
        const int undo = s.window.canvas()->undoStack()->count();
        s.use(tiny, 150);
        bool cancelled = false;
        connect(s.session.controller(), &app::GenerationController::progress, &s.window,
                [&s] { s.window.requestCancel(); });
        connect(s.session.controller(), &app::GenerationController::cancelled, &s.window,
                [&cancelled] { cancelled = true; });
        s.generate();
        QVERIFY(!s.window.isBusy());
        QVERIFY(cancelled);
        QCOMPARE(s.window.canvas()->image(), image);
        QCOMPARE(s.window.canvas()->undoStack()->count(), undo);
        QVERIFY(s.window.canvas()->preview().isNull());
        QCOMPARE(s.window.historyStrip()->count(), 0);
    }

    // A thousand results: the strip keeps thumbnails, the pictures go to disk, so the memory the
    // history holds does not grow with it.
    void historyMemoryStaysFlat() {
        QTemporaryDir dir;
        Studio s(dir);
        QImage picture(256, 256, QImage::Format_RGB32);
        qint64 most = 0;
        for (int i = 0; i < 1000; ++i) {
            picture.fill(QColor::fromHsv(i % 360, 200, 200));
            Q_EMIT s.session.controller()->finished(
                picture, QStringLiteral("result %1\nSeed: %1").arg(i), GenerationSettings{});
            if (i % 100 == 99) {
                QCoreApplication::processEvents();
                most = std::max(most, s.window.historyStrip()->heldImageBytes());
                s.window.newCanvas(QSize(64, 64));  // the results' layers are the canvas's, not
                                                    // the history's memory
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(s.window.historyStrip()->heldImageBytes(), qint64(0), kTimeoutMs);
        qInfo(
            "history strip: 1000 results, at most %.1f MiB of pictures held while writing, 0 after",
            most / 1048576.0);
        // The cap: the newest results stay listed; every result keeps its files.
        constexpr int cap = app::HistoryStore::kDefaultCap;
        QCOMPARE(s.window.historyStrip()->count(), cap);
        QCOMPARE(int(s.session.history().entries().size()), cap);
        QTRY_COMPARE(QDir(dir.filePath(QStringLiteral("history")))
                         .entryList({QStringLiteral("*.json")}, QDir::Files)
                         .size(),
                     1000);
        // Any entry still comes back, read from its file: row 3 is result 1000 - cap + 3.
        QCOMPARE(s.window.historyStrip()->image(3).pixelColor(5, 5).rgb(),
                 QColor::fromHsv((1000 - cap + 3) % 360, 200, 200).rgb());
    }

    void historyAndItsSettingsComeBack() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        QTemporaryDir dir;
        GenerationSettings first;
        {
            Studio s(dir);
            s.use(tiny, 2, 111);
            s.generate();
            QVERIFY(!s.window.isBusy());
            s.use(tiny, 3, 222);
            s.generate();
            QVERIFY(!s.window.isBusy());
            QTRY_COMPARE(int(s.session.history().entries().size()), 2);
            first = s.session.history().entries().front().settings;
        }
        Studio again(dir);
        QCOMPARE(again.window.historyStrip()->count(), 2);
        QCOMPARE(int(again.session.history().entries().size()), 2);
        // A different prompt on screen; clicking the first thumbnail brings image and settings.
        again.use(tiny, 9, 999);
        QListView* list = again.window.historyStrip()->list();
        Q_EMIT list->clicked(list->model()->index(0, 0));
        const GenerationSettings restored = again.window.promptPanel()->settings();
        QCOMPARE(restored.seed, qint64(111));
        QCOMPARE(restored.steps, 2);
        QVERIFY(restored == first);
        QCOMPARE(again.window.canvas()->image().size(), QSize(64, 64));
    }

    void choosingAModelAppliesItsRecommendations() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        const QString withDefaults = tiny_with_defaults(tiny);
        QVERIFY(!withDefaults.isEmpty());
        QTemporaryDir dir;
        {
            // A first start (no remembered prompt) with that as the built-in model.
            qputenv("REVERIE_BUILTIN_MODEL", withDefaults.toUtf8());
            Studio s(dir);
            qunsetenv("REVERIE_BUILTIN_MODEL");
            const GenerationSettings g = s.window.promptPanel()->settings();
            QVERIFY(g.model_path.isEmpty());
            QCOMPARE(g.sampler, QStringLiteral("dpmpp_2m"));
            QCOMPARE(g.steps, 12);
            QCOMPARE(g.cfg_scale, 3.5);
            QCOMPARE(QSize(g.width, g.height), QSize(128, 96));
        }
        Studio s(dir);
        s.use(tiny, 30);
        ui::PromptPanel* panel = s.window.promptPanel();
        panel->setFoundModels({{QString::fromStdString(tiny), QStringLiteral("tiny-sd1")},
                               {withDefaults, QStringLiteral("tiny-sd1-defaults")}});
        QComboBox* combo = panel->modelCombo();
        // A model without recommendations leaves the settings alone.
        Q_EMIT combo->activated(combo->findData(QString::fromStdString(tiny)));
        QCOMPARE(panel->settings().steps, 30);
        const int i = combo->findData(withDefaults);
        combo->setCurrentIndex(i);
        Q_EMIT combo->activated(i);
        QCOMPARE(panel->settings().steps, 12);
        QCOMPARE(panel->settings().width, 128);
        QCOMPARE(panel->settings().prompt, QStringLiteral("a blue circle"));  // not a setting of it
        QCOMPARE(panel->settings().model_path, withDefaults);
    }

    void aRestoredSdxlModelShowsItsSection() {
        REVERIE_REQUIRE_SHARED(sdxl, "golden/sdxl/models/tiny-sdxl");
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        QTemporaryDir dir;
        {
            Studio s(dir);
            s.use(sdxl, 2);  // what the user left: remembered when the session ends
        }
        Studio s(dir);
        ui::PromptPanel* panel = s.window.promptPanel();
        QCOMPARE(panel->settings().model_path, QString::fromStdString(sdxl));
        auto* section = panel->findChild<QWidget*>(QStringLiteral("sdxlSection"));
        QVERIFY(section);
        QVERIFY(!section->isHidden());
        // A model scan that does not list it keeps what it is.
        panel->setFoundModels({{QString::fromStdString(tiny), QStringLiteral("tiny-sd1")}});
        QVERIFY(!section->isHidden());
        // A history entry of an SD 1.x model hides it.
        s.use(tiny, 2);
        s.generate();
        QTRY_COMPARE(int(s.session.history().entries().size()), 1);
        s.use(sdxl, 2);
        QListView* list = s.window.historyStrip()->list();
        Q_EMIT list->clicked(list->model()->index(0, 0));
        QVERIFY(section->isHidden());
    }

    void autosaveOffersTheWorkBack() {
        QTemporaryDir dir;
        QImage painted;
        {
            Studio s(dir, 50);
            s.window.newCanvas(QSize(48, 32));
            s.window.canvas()->replaceImage(grey(48, 32), QStringLiteral("grey"));
            s.window.canvas()->mask()->fill();
            GenerationSettings g = s.window.promptPanel()->settings();
            g.prompt = QStringLiteral("work in progress");
            s.window.promptPanel()->setSettings(g);
            painted = s.window.canvas()->image();
            // The timer writes it in the background.
            QTRY_VERIFY_WITH_TIMEOUT(s.session.autosaver()->store().exists(), 10000);
            QVERIFY(!s.window.canvas()->undoStack()->isClean());
            // Quitting with unsaved work keeps the snapshot for the next start.
        }
        {
            Studio s(dir);
            QVERIFY(s.session.autosaver()->store().exists());
            QVERIFY(s.session.autosaver()->offerRestore(app::RestoreAnswer::Yes));
            QCOMPARE(s.window.canvas()->image(), painted);
            QVERIFY(!s.window.canvas()->mask()->isEmpty());
            QCOMPARE(s.window.promptPanel()->settings().prompt, QStringLiteral("work in progress"));
            // Restored work counts as unsaved.
            QVERIFY(!s.window.canvas()->undoStack()->isClean());
            QVERIFY(!s.session.autosaver()->hasChanges());
            // Saved to a file: nothing to lose, so a clean quit removes the autosave.
            QVERIFY(s.window.saveImageFile(dir.filePath(QStringLiteral("done.png"))));
            s.session.finish();
            QVERIFY(!s.session.autosaver()->store().exists());
        }
        Studio s(dir);
        QVERIFY(!s.session.autosaver()->offerRestore(app::RestoreAnswer::Yes));
        // The prompt itself is remembered across clean quits.
        QCOMPARE(s.window.promptPanel()->settings().prompt, QStringLiteral("work in progress"));
    }

    // A kill leaves the autosave folder as the last save wrote it. A copy taken then, restored
    // into a fresh studio, gives back what session_state saw (the dump tests/gui/kill_restore.py
    // compares across a real kill).
    void restoreAfterAKillMatchesTheStateDump() {
        QTemporaryDir dir, killed;
        QJsonObject before;
        {
            Studio s(dir);
            s.window.newCanvas(QSize(48, 32));
            s.window.canvas()->replaceImage(grey(48, 32), QStringLiteral("grey"));
            s.window.canvas()->mask()->fill();
            GenerationSettings g = s.window.promptPanel()->settings();
            g.prompt = QStringLiteral("killed mid-work");
            s.window.promptPanel()->setSettings(g);
            s.session.autosaver()->saveIfChanged(true);
            before = app::session_state(s.window, s.session);
            const QDir from(dir.filePath(QStringLiteral("autosave")));
            const QDir to(killed.filePath(QStringLiteral("autosave")));
            QVERIFY(to.mkpath(QStringLiteral(".")));
            for (const QString& f : from.entryList(QDir::Files))
                QVERIFY(QFile::copy(from.filePath(f), to.filePath(f)));
        }
        Studio s(killed);
        QVERIFY(s.session.autosaver()->offerRestore(app::RestoreAnswer::Yes));
        const QJsonObject after = app::session_state(s.window, s.session);
        QVERIFY(!before.value(QLatin1String("canvas")).toString().isEmpty());
        QVERIFY(!before.value(QLatin1String("mask")).toString().isEmpty());
        for (const char* key : {"canvas_size", "canvas", "mask", "settings"})
            QCOMPARE(after.value(QLatin1String(key)), before.value(QLatin1String(key)));
    }

    void declinedAutosaveIsRemoved() {
        QTemporaryDir dir;
        {
            Studio s(dir);
            s.window.newCanvas(QSize(16, 16));
            s.window.canvas()->replaceImage(grey(16, 16), QStringLiteral("grey"));
            s.session.autosaver()->saveIfChanged(true);
        }
        Studio s(dir);
        QVERIFY(s.session.autosaver()->store().exists());
        QVERIFY(!s.session.autosaver()->offerRestore(app::RestoreAnswer::No));
        QVERIFY(!s.session.autosaver()->store().exists());
        QVERIFY(s.window.canvas()->image().isNull());
    }
};

REVERIE_TEST_MAIN_WITH(TestWorkerSession, QApplication)
#include "tst_worker_session.moc"
