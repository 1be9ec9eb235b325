// labels: unit app
// History on disk and the autosave: what is written comes back in a fresh store, atomically.
#include <QDir>
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
        const app::HistoryEntry& e = reopened.entries().front();
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
        // Nothing was deleted from disk: the cap bounds the listing only.
        QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("*.json")}).size(), 5);
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
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("canvas.png"))));
        QVERIFY(!store.load().has_value());
    }
};

QTEST_GUILESS_MAIN(TestWorkerHistory)
#include "tst_worker_history.moc"
