// labels: unit app
// History on disk and the autosave: what is written comes back in a fresh store, atomically.
#include <QDir>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "app/worker/atomic_files.h"
#include "app/worker/autosave_store.h"
#include "app/worker/history_store.h"
#include "app/worker/settings_json.h"
#include "core/image/png_parameters.h"
#include "tests/support/unusual_settings.h"

using namespace reverie;
using reverie::ui::GenerationSettings;

namespace {

QImage picture(int w, int h, QColor c) {
    QImage img(w, h, QImage::Format_RGB32);
    img.fill(c);
    img.setPixel(0, 0, qRgb(1, 2, 3));
    return img;
}

using test::unusual_settings;

const QString kParameters = QStringLiteral(
    "a fox, 雪\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 4242, "
    "Size: 64x48");

// A snapshot of a 16×16 picture of `color` with `prompt`.
app::AutosaveSnapshot snapshot_of(QColor color, const QString& prompt) {
    app::AutosaveSnapshot s;
    s.image = picture(16, 16, color);
    s.settings.prompt = prompt;
    return s;
}

// A result listed as the session lists it: its row first, holding the picture, files to come.
ui::HistoryEntry list_pending(app::HistoryStore& store, QColor color) {
    ui::HistoryEntry e;
    e.id = store.reserveId();
    e.image = picture(8, 8, color);
    e.writing = true;
    store.model()->append(e);
    store.trim();
    return e;
}

QStringList leftovers(const QString& dir) {
    // QSaveFile writes beside the target and renames; nothing else may remain.
    QStringList odd;
    for (const QString& f : QDir(dir).entryList(QDir::Files))
        if (!f.endsWith(QLatin1String(".png")) && !f.endsWith(QLatin1String(".json"))) odd << f;
    return odd;
}

}  // namespace

class TestWorkerHistory : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void settingsJsonRoundTrips() {
        const GenerationSettings s = unusual_settings();
        QVERIFY(app::settings_from_json(app::settings_to_json(s)) == s);
        // Missing or mistyped fields keep their defaults; an unknown sampler is not kept.
        QJsonObject partial;
        partial[QLatin1String("steps")] = 9;
        partial[QLatin1String("cfg_scale")] = QStringLiteral("high");
        partial[QLatin1String("sampler")] = QStringLiteral("no_such_sampler");
        const GenerationSettings p = app::settings_from_json(partial);
        QCOMPARE(p.steps, 9);
        QCOMPARE(p.cfg_scale, GenerationSettings{}.cfg_scale);
        QCOMPARE(p.sampler, GenerationSettings{}.sampler);
    }

    void historySurvivesARestart() {
        QTemporaryDir dir;
        const QImage image = picture(64, 48, Qt::darkCyan);
        const GenerationSettings s = unusual_settings();
        QString id;
        {
            app::HistoryStore store(dir.path());
            QCOMPARE(int(store.entries().size()), 0);
            QString error;
            const auto e = store.add(image, kParameters, s, &error);
            QVERIFY2(e.has_value(), qPrintable(error));
            id = e->id;
            QCOMPARE(int(store.entries().size()), 1);
        }
        app::HistoryStore reopened(dir.path());
        QCOMPARE(int(reopened.entries().size()), 1);
        const app::HistoryEntry e = reopened.entries().front();
        QCOMPARE(e.id, id);
        QVERIFY(e.settings == s);
        QCOMPARE(e.parameters, kParameters);
        QVERIFY(e.created.isValid());
        QVERIFY(!e.thumbnail.isNull());
        QVERIFY(e.thumbnail.width() <= app::kHistoryThumbnail);
        QCOMPARE(QImage(e.image_path).convertToFormat(QImage::Format_RGB32), image);
        QVERIFY(reopened.find(id) != nullptr);
        QVERIFY(leftovers(dir.path()).isEmpty());
    }

    void pngParametersReadByOtherTools() {
        QTemporaryDir dir;
        app::HistoryStore store(dir.path());
        const auto e = store.add(picture(16, 16, Qt::red), kParameters, {}, nullptr);
        QVERIFY(e.has_value());
        // The engine's own PNG reader (what the CLI's --from-png uses) sees the same text.
        const auto text = image::read_png_parameters(e->image_path.toStdString());
        QVERIFY(text.has_value());
        QCOMPARE(QString::fromStdString(*text), kParameters);
        QCOMPARE(QImage(e->image_path).text(QStringLiteral("parameters")), kParameters);
    }

    void newestLastAndCapped() {
        QTemporaryDir dir;
        {
            app::HistoryStore store(dir.path(), 3);
            for (int i = 0; i < 5; ++i) {
                GenerationSettings s;
                s.seed = i;
                QVERIFY(store.add(picture(8, 8, QColor(i * 40, 0, 0)), QString(), s, nullptr));
            }
            QCOMPARE(int(store.entries().size()), 3);
            QCOMPARE(store.entries().back().settings.seed, qint64(4));
        }
        app::HistoryStore reopened(dir.path(), 3);
        QCOMPARE(int(reopened.entries().size()), 3);
        QList<qint64> seeds;
        for (const auto& e : reopened.entries()) seeds << e.settings.seed;
        QCOMPARE(seeds, (QList<qint64>{2, 3, 4}));
        // The oldest left the list, not the disk: the folder keeps every result.
        QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("*.json")}).size(), 5);
        QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("*.png")}).size(), 10);  // + thumbnails
    }

    // The store fills the model it is given, and the cap drops the oldest row (not its files):
    // whether the row was written by add(), or listed by the window and written off the thread.
    void storeKeepsTheModelToItsCap() {
        QTemporaryDir dir;
        ui::HistoryModel model;
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        app::HistoryStore store(dir.path(), &model, 2);
        QCOMPARE(store.model(), &model);
        const auto first = store.add(picture(8, 8, Qt::red), QString(), {}, nullptr);
        const auto second = store.add(picture(8, 8, Qt::green), QString(), {}, nullptr);
        QVERIFY(first && second);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.count(), 2);
        QVERIFY(QFile::exists(first->image_path));

        // A third result as the session lists it: the row first, holding its picture...
        const ui::HistoryEntry pending = list_pending(store, Qt::blue);
        // ...and the oldest row is gone from the model, its files kept.
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(first->id), -1);
        QVERIFY(QFile::exists(first->image_path));
        QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("*.json")}).size(), 2);
        QCOMPARE(int(store.entries().size()), 1);  // the pending row has no files yet
        // Its files, written off the thread, make it an entry.
        const auto written =
            app::HistoryStore::write(dir.path(), pending.id, pending.image, QString(), {}, nullptr);
        QVERIFY(written);
        store.written(pending.id, written);
        QCOMPARE(int(store.entries().size()), 2);
        QCOMPARE(model.heldImageBytes(), qint64(0));
        QCOMPARE(store.entries().back().id, pending.id);

        // A fresh store over the folder lists what is left, in order.
        {
            ui::HistoryModel again;
            app::HistoryStore reopened(dir.path(), &again, 2);
            QCOMPARE(again.rowCount(), 2);
            QCOMPARE(again.at(0).id, second->id);
            QCOMPARE(again.at(1).id, pending.id);
        }

        // A row the cap drops while its files are being written: it stays dropped, files kept.
        const ui::HistoryEntry late = list_pending(store, Qt::yellow);
        for (int i = 0; i < 2; ++i) {
            ui::HistoryEntry unsaved;  // nothing writes these
            unsaved.image = picture(8, 8, Qt::gray);
            model.append(unsaved);
            store.trim();
        }
        QCOMPARE(model.rowOf(late.id), -1);
        const auto lateFiles =
            app::HistoryStore::write(dir.path(), late.id, late.image, QString(), {}, nullptr);
        QVERIFY(lateFiles && QFile::exists(lateFiles->image_path));
        store.written(late.id, lateFiles);
        QVERIFY(QFile::exists(lateFiles->image_path));
        QCOMPARE(model.rowOf(late.id), -1);
        QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("*.json")}).size(), 4);
    }

    void imageWithoutSidecarStillLists() {
        QTemporaryDir dir;
        QVERIFY(app::write_png(dir.filePath(QStringLiteral("20240101-000000-000-000.png")),
                               picture(8, 8, Qt::blue), kParameters)
                    .isEmpty());
        app::HistoryStore store(dir.path());
        QCOMPARE(int(store.entries().size()), 1);
        QCOMPARE(store.entries().front().parameters, kParameters);
        QVERIFY(!store.entries().front().thumbnail.isNull());  // made from the image
    }

    void unwritableHistoryIsAnError() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("not-a-folder"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        app::HistoryStore store(file);
        QString error;
        QVERIFY(!store.add(picture(8, 8, Qt::red), kParameters, {}, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(int(store.entries().size()), 0);
    }

    void autosaveRoundTrips() {
        QTemporaryDir dir;
        app::AutosaveStore store(dir.filePath(QStringLiteral("autosave")));
        QVERIFY(!store.exists());
        QVERIFY(!store.load());
        app::AutosaveSnapshot s;
        s.image = picture(40, 24, Qt::darkGreen);
        s.mask = QImage(40, 24, QImage::Format_Grayscale8);
        s.mask.fill(0);
        s.mask.setPixel(3, 4, qRgb(255, 255, 255));
        s.settings = unusual_settings();
        s.document_name = QStringLiteral("fox.png");
        QVERIFY(store.save(s).isEmpty());
        QVERIFY(store.exists());
        const auto back = store.load();
        QVERIFY(back.has_value());
        QCOMPARE(back->image.convertToFormat(QImage::Format_RGB32), s.image);
        QCOMPARE(back->mask, s.mask);
        QVERIFY(back->settings == s.settings);
        QCOMPARE(back->document_name, s.document_name);
        QVERIFY(back->saved.isValid());
        QVERIFY(leftovers(store.dir()).isEmpty());
        // A later snapshot without a mask removes the old mask file.
        s.mask = QImage();
        QVERIFY(store.save(s).isEmpty());
        QVERIFY(store.load()->mask.isNull());
        store.clear();
        QVERIFY(!store.exists());
        QVERIFY(QDir(store.dir()).entryList(QDir::Files).isEmpty());
    }

    void autosaveMissingCanvasIsNotOffered() {
        QTemporaryDir dir;
        app::AutosaveStore store(dir.path());
        app::AutosaveSnapshot s;
        s.image = picture(8, 8, Qt::red);
        QVERIFY(store.save(s).isEmpty());
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("canvas-1.png"))));
        QVERIFY(!store.load().has_value());
    }

    // A kill after a save wrote its images but before snapshot.json: the previous snapshot comes
    // back whole (its image with its prompt), and the next save sweeps the orphans away.
    void autosaveKilledBeforeItsSnapshotKeepsThePrevious() {
        QTemporaryDir dir;
        app::AutosaveStore store(dir.path());
        const app::AutosaveSnapshot before = snapshot_of(Qt::red, QStringLiteral("before"));
        QVERIFY(store.save(before).isEmpty());
        // What the killed save had left: its canvas and mask under the next names.
        QVERIFY(
            app::write_png(dir.filePath(QStringLiteral("canvas-2.png")), picture(16, 16, Qt::blue))
                .isEmpty());
        QVERIFY(
            app::write_png(dir.filePath(QStringLiteral("mask-2.png")), picture(16, 16, Qt::white))
                .isEmpty());
        const auto back = store.load();
        QVERIFY(back.has_value());
        QCOMPARE(back->image.convertToFormat(QImage::Format_RGB32), before.image);
        QCOMPARE(back->settings.prompt, QStringLiteral("before"));
        QVERIFY(back->mask.isNull());

        const app::AutosaveSnapshot after = snapshot_of(Qt::green, QStringLiteral("after"));
        QVERIFY(store.save(after).isEmpty());
        QCOMPARE(store.load()->image.convertToFormat(QImage::Format_RGB32), after.image);
        QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("*.png")}),
                 (QStringList{QStringLiteral("canvas-2.png")}));
    }

    // A kill inside QSaveFile (written, never committed) or a write cut short by a full disk: the
    // file in place stays as it was.
    void uncommittedWriteLeavesTheOldFile() {
        QTemporaryDir dir;
        app::AutosaveStore store(dir.path());
        QVERIFY(store.save(snapshot_of(Qt::red, QStringLiteral("kept"))).isEmpty());
        const QString json = dir.filePath(QStringLiteral("snapshot.json"));
        {
            QSaveFile half(json);
            QVERIFY(half.open(QIODevice::WriteOnly));
            half.write("{\"settings\": {\"prompt\": \"tru");
            // Destroyed without commit(), as a killed process never reaches it.
        }
        {
            QSaveFile full(json);
            QVERIFY(full.open(QIODevice::WriteOnly));
            full.write("{}");
            full.cancelWriting();  // what write_json does when a write fails (disk full)
            QVERIFY(!full.commit());
        }
        QCOMPARE(store.load()->settings.prompt, QStringLiteral("kept"));
        QVERIFY(leftovers(dir.path()).isEmpty());
    }

    // A snapshot.json cut short by something other than the studio is not offered, and does not
    // stop the next save.
    void truncatedSnapshotIsNotOffered() {
        QTemporaryDir dir;
        app::AutosaveStore store(dir.path());
        const app::AutosaveSnapshot s = snapshot_of(Qt::red, QStringLiteral("cut"));
        QVERIFY(store.save(s).isEmpty());
        QFile f(dir.filePath(QStringLiteral("snapshot.json")));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() / 2));
        f.close();
        QVERIFY(!store.load().has_value());
        QVERIFY(store.save(s).isEmpty());
        QCOMPARE(store.load()->image.convertToFormat(QImage::Format_RGB32), s.image);
    }
};

QTEST_GUILESS_MAIN(TestWorkerHistory)
#include "tst_worker_history.moc"
