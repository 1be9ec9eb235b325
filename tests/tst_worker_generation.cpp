// labels: golden app
// The generation controller and its worker thread on the tiny golden model: signal order, live
// previews and what they cost, cancellation, errors as messages, batches.
#include <QSignalSpy>
#include <QtTest/QtTest>
#include <atomic>
#include <filesystem>
#include <limits>

#include "app/worker/generation_controller.h"
#include "app/worker/generation_worker.h"
#include "tests/support/test_support.h"
#include "tests/support/worker_jobs.h"

using namespace reverie;
using reverie::test::cpu_options;
using reverie::test::kNoBudget;
using reverie::test::Recorder;
using reverie::ui::GenerationSettings;

namespace {

GenerationSettings tiny_settings(const std::string& model, int steps, int size = 64) {
    GenerationSettings s = test::job_settings(QString::fromStdString(model),
                                              QStringLiteral("a red square"), steps, size, 1234);
    s.negative_prompt = QStringLiteral("blurry");
    return s;
}

// tiny-sd1 plus a TAESD decoder of the real architecture (seeded random weights): the folder's
// own taesd/ is where LoadedModel looks first.
std::string tiny_with_taesd(const std::string& tiny, const std::string& taesd) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(test::scratch_dir()) / "tiny-sd1-taesd";
    fs::create_directories(dir / "taesd");
    for (const auto& entry : fs::directory_iterator(tiny)) {
        const fs::path link = dir / entry.path().filename();
        if (!fs::exists(link)) fs::create_symlink(entry.path(), link);
    }
    const fs::path decoder = dir / "taesd" / "taesd_decoder.safetensors";
    if (!fs::exists(decoder)) fs::create_symlink(taesd, decoder);
    return dir.string();
}

void report_cost(const QString& what, const Recorder& r) {
    qInfo("preview cost %-36s %d TAESD + %d linear previews, %.4f s of %.4f s = %.2f%%",
          qPrintable(what), r.taesd_previews, r.linear_previews, r.preview_seconds, r.total_seconds,
          100.0 * r.preview_seconds / r.total_seconds);
}

}  // namespace

class TestWorkerGeneration : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void progressThenPreviewsThenFinished() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        app::GenerationController c;
        c.setEngineOptions(cpu_options(app::PreviewMode::Linear, 1, kNoBudget));
        Recorder r(c);
        c.submit(tiny_settings(tiny, 6), QImage(), QImage());
        QVERIFY(c.isBusy());
        r.wait();
        QVERIFY(r.ended);
        QVERIFY2(r.failure.isEmpty(), qPrintable(r.failure));
        QCOMPARE(r.steps, (QList<int>{1, 2, 3, 4, 5, 6}));
        QVERIFY(!r.previews.isEmpty());
        // progress first, every preview between progress signals, one finished, jobEnded last.
        QCOMPARE(r.events.first(), QStringLiteral("progress"));
        QCOMPARE(r.events.count(QStringLiteral("finished")), 1);
        QCOMPARE(r.events.last(), QStringLiteral("jobEnded"));
        const int finishedAt = r.events.indexOf(QStringLiteral("finished"));
        QCOMPARE(r.events.lastIndexOf(QStringLiteral("progress")), finishedAt - 1);
        QVERIFY(r.events.lastIndexOf(QStringLiteral("preview")) < finishedAt);
        // The linear preview is scaled to the final size, so the canvas keeps its geometry.
        QCOMPARE(r.previews.first().size(), QSize(64, 64));
        QCOMPARE(r.images.first().size(), QSize(64, 64));
        QVERIFY(r.parameters.first().contains(QStringLiteral("Seed: 1234")));
        QCOMPARE(r.settings.first().seed, qint64(1234));
        QVERIFY(!c.isBusy());
        QCOMPARE(r.linear_previews, 5);  // steps 1-5; the last step gets the real decode
    }

    // "Only masked" renders a crop: its previews say where it goes, so the canvas shows them in
    // the crop's place instead of stretched over the whole picture.
    void onlyMaskedPreviewsKnowTheirPlace() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        app::GenerationController c;
        c.setEngineOptions(cpu_options(app::PreviewMode::Linear, 1, kNoBudget));
        Recorder r(c);
        GenerationSettings s = tiny_settings(tiny, 4, 64);
        s.inpaint_only_masked = true;
        s.inpaint_padding = 4;
        s.denoising_strength = 0.75;
        QImage picture(256, 192, QImage::Format_RGB32);
        picture.fill(Qt::darkCyan);
        QImage mask(256, 192, QImage::Format_Grayscale8);
        mask.fill(0);
        for (int y = 150; y < 170; ++y)
            for (int x = 200; x < 230; ++x) mask.setPixel(x, y, 255);
        c.submit(s, picture, mask);
        r.wait();
        QVERIFY2(r.failure.isEmpty(), qPrintable(r.failure));
        QVERIFY(!r.preview_places.isEmpty());
        const QRect place = r.preview_places.first();
        QVERIFY(!place.isEmpty());
        QVERIFY(place.contains(QRect(200, 150, 30, 20)));
        QVERIFY(place.width() < 256 && place.height() < 192);
        QCOMPARE(r.images.first().size(), QSize(256, 192));
    }

    void taesdPreviewsAtFullSize() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        REVERIE_REQUIRE_SHARED(taesd, "assets/taesd/taesd_decoder.random.safetensors");
        const std::string model = tiny_with_taesd(tiny, taesd);
        app::GenerationController c;
        c.setEngineOptions(cpu_options(app::PreviewMode::Taesd, 1, kNoBudget));
        Recorder r(c);
        c.submit(tiny_settings(model, 4, 128), QImage(), QImage());
        r.wait();
        QVERIFY(r.ended);
        QVERIFY2(r.failure.isEmpty(), qPrintable(r.failure));
        QCOMPARE(r.taesd_previews, 3);
        QCOMPARE(r.linear_previews, 0);
        QCOMPARE(r.previews.first().size(), QSize(128, 128));
        QCOMPARE(r.images.first().size(), QSize(128, 128));
        // TAESD with random weights draws nothing in particular, but not a flat picture.
        const QImage p = r.previews.first();
        QVERIFY(p.pixel(10, 10) != p.pixel(100, 60) || p.pixel(5, 90) != p.pixel(70, 20));
    }

    // What previews cost under the default budget. The tiny UNet takes milliseconds a step, far
    // less than TAESD at full resolution, so here automatic mode shows mostly the projection; a
    // real model's step costs hundreds of times more and leaves room for TAESD.
    void previewCostUnderTheBudget() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        REVERIE_REQUIRE_SHARED(taesd, "assets/taesd/taesd_decoder.random.safetensors");
        const std::string model = tiny_with_taesd(tiny, taesd);
        const std::pair<int, app::PreviewMode> cases[] = {{64, app::PreviewMode::Linear},
                                                          {64, app::PreviewMode::Auto},
                                                          {128, app::PreviewMode::Auto},
                                                          {256, app::PreviewMode::Auto}};
        for (const auto& [size, mode] : cases) {
            app::GenerationController c;
            c.setEngineOptions(cpu_options(mode));
            Recorder r(c);
            c.submit(tiny_settings(model, 20, size), QImage(), QImage());
            r.wait();
            QVERIFY(r.ended);
            QCOMPARE(r.images.size(), 1);
            QVERIFY(r.taesd_previews + r.linear_previews <= 19);
            if (mode == app::PreviewMode::Linear) QCOMPARE(r.taesd_previews, 0);
            for (const QImage& p : r.previews) QCOMPARE(p.size(), QSize(size, size));
            report_cost(QStringLiteral("%1 %2x%2, 20 steps")
                            .arg(mode == app::PreviewMode::Auto ? "auto" : "linear")
                            .arg(size),
                        r);
        }
    }

    void previewsOffAndInterval() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        {
            app::GenerationController c;
            c.setEngineOptions(cpu_options(app::PreviewMode::Off));
            Recorder r(c);
            c.submit(tiny_settings(tiny, 4), QImage(), QImage());
            r.wait();
            QVERIFY(r.ended);
            QCOMPARE(r.images.size(), 1);
            QVERIFY(r.previews.isEmpty());
        }
        app::GenerationController c;
        c.setEngineOptions(cpu_options(app::PreviewMode::Linear, 3, kNoBudget));
        Recorder r(c);
        c.submit(tiny_settings(tiny, 7), QImage(), QImage());
        r.wait();
        QVERIFY(r.ended);
        // Steps 3 and 6 (7 is the last, decoded for real).
        QCOMPARE(r.linear_previews, 2);
    }

    void cancelStopsWithinOneStep() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        app::GenerationController c;
        c.setEngineOptions(cpu_options(app::PreviewMode::Off));
        // Steps as the worker thread runs them, not as the GUI thread hears of them later.
        std::atomic<int> workerSteps{0};
        QObject::connect(
            c.worker(), &app::GenerationWorker::progress, c.worker(),
            [&workerSteps](int step, int, double) { workerSteps = step; }, Qt::DirectConnection);
        Recorder r(c);
        int stepsAtCancel = -1;
        QObject::connect(&c, &app::GenerationController::progress, &c, [&] {
            if (stepsAtCancel >= 0) return;
            c.cancel();
            stepsAtCancel = workerSteps;
        });
        c.submit(tiny_settings(tiny, 150, 128), QImage(), QImage());
        r.wait();
        QVERIFY(r.ended);
        QVERIFY(r.events.contains(QStringLiteral("cancelled")));
        QVERIFY(!r.events.contains(QStringLiteral("finished")));
        QVERIFY(!r.events.contains(QStringLiteral("failed")));
        QCOMPARE(r.events.last(), QStringLiteral("jobEnded"));
        qInfo("cancel: flag set after %d worker steps, the worker stopped after %d", stepsAtCancel,
              int(workerSteps));
        QVERIFY(int(workerSteps) <= stepsAtCancel + 1);
        QVERIFY(!c.isBusy());
        // Idle again: the next job runs normally.
        Recorder again(c);
        c.submit(tiny_settings(tiny, 2), QImage(), QImage());
        again.wait();
        QVERIFY(again.ended);
        QCOMPARE(again.images.size(), 1);
    }

    void errorsAreMessages() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        app::GenerationController c;
        c.setEngineOptions(cpu_options(app::PreviewMode::Off));
        {
            Recorder r(c);
            c.submit(tiny_settings("/nonexistent/model.safetensors", 2), QImage(), QImage());
            r.wait();
            QVERIFY(r.ended);
            QCOMPARE(r.events, (QStringList{QStringLiteral("failed"), QStringLiteral("jobEnded")}));
            qInfo("missing model: %s", qPrintable(r.failure));
            QVERIFY(r.failure.contains(QStringLiteral("/nonexistent/model.safetensors")));
        }
        {
            // Inpainting with a mask that has nothing painted on it.
            QImage image(64, 64, QImage::Format_RGB32);
            image.fill(Qt::gray);
            QImage mask(64, 64, QImage::Format_Grayscale8);
            mask.fill(0);
            Recorder r(c);
            c.submit(tiny_settings(tiny, 2), image, mask);
            r.wait();
            QVERIFY(r.ended);
            QVERIFY(r.images.isEmpty());
            qInfo("empty mask: %s", qPrintable(r.failure));
            QVERIFY(r.failure.contains(QStringLiteral("mask")));
        }
        {
            GenerationSettings s = tiny_settings(tiny, 0);
            Recorder r(c);
            c.submit(s, QImage(), QImage());
            r.wait();
            QVERIFY(r.ended);
            QVERIFY(r.failure.contains(QStringLiteral("Steps")));
        }
    }

    void builtInModelComesFromItsSearchPath() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        qputenv("REVERIE_BUILTIN_MODEL", QByteArray::fromStdString(tiny));
        app::GenerationController c;
        c.setEngineOptions(cpu_options(app::PreviewMode::Off));
        QSignalSpy status(&c, &app::GenerationController::status);
        Recorder r(c);
        GenerationSettings s = tiny_settings(tiny, 2);
        s.model_path.clear();
        c.submit(s, QImage(), QImage());
        r.wait();
        QVERIFY(r.ended);
        qunsetenv("REVERIE_BUILTIN_MODEL");
        QVERIFY2(r.failure.isEmpty(), qPrintable(r.failure));
        QCOMPARE(r.images.size(), 1);
        QVERIFY(!status.isEmpty());  // "Loading model…"
    }

    void batchRunsConsecutiveSeeds() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        app::GenerationController c;
        c.setEngineOptions(cpu_options(app::PreviewMode::Off));
        Recorder r(c);
        GenerationSettings s = tiny_settings(tiny, 2);
        s.seed = 77;
        s.batch_count = 3;
        c.submit(s, QImage(), QImage());
        r.wait();
        QVERIFY(r.ended);
        QCOMPARE(r.images.size(), 3);
        QCOMPARE(r.events.count(QStringLiteral("jobEnded")), 1);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(r.settings[i].seed, qint64(77 + i));
            QCOMPARE(r.settings[i].batch_count, 1);
            QVERIFY(r.parameters[i].contains(QStringLiteral("Seed: %1").arg(77 + i)));
        }
        QVERIFY(r.images[0] != r.images[1]);
    }
};

REVERIE_TEST_GUILESS_MAIN(TestWorkerGeneration)
#include "tst_worker_generation.moc"
