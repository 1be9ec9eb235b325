// labels: app
// Faults on the generation thread, on the built-in model: running out of memory mid-run (injected
// through the worker's step hook) and a size no machine can hold. Each ends the job with a message,
// and the worker runs the next job as if nothing had happened.
#include <QtTest/QtTest>
#include <functional>
#include <new>

#include "app/worker/generation_controller.h"
#include "app/worker/generation_worker.h"
#include "tests/support/worker_jobs.h"

using namespace reverie;
using reverie::test::cpu_options;
using reverie::test::Recorder;

namespace {

ui::GenerationSettings builtin_settings(int steps, int size = 128) {
    return test::job_settings({}, QStringLiteral("a red circle on a blue background"), steps, size,
                              7);
}

// The job ends with one `failed`, no image, jobEnded last.
void verify_failed_alone(const Recorder& r) {
    QVERIFY(r.ended);
    QCOMPARE(r.events.count(QStringLiteral("failed")), 1);
    QVERIFY(!r.events.contains(QStringLiteral("finished")));
    QCOMPARE(r.events.last(), QStringLiteral("jobEnded"));
}

void verify_next_job_runs(app::GenerationController& c) {
    Recorder r(c);
    c.submit(builtin_settings(2), QImage(), QImage());
    r.wait();
    QVERIFY(r.ended);
    QVERIFY2(r.failure.isEmpty(), qPrintable(r.failure));
    QCOMPARE(r.images.size(), 1);
}

}  // namespace

class TestWorkerFaults : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void outOfMemoryMidRunEndsTheJob_data() {
        QTest::addColumn<int>("kind");
        QTest::newRow("CUDA OutOfMemoryError") << 0;
        QTest::newRow("CPU allocator") << 1;
        QTest::newRow("std::bad_alloc") << 2;
    }
    void outOfMemoryMidRunEndsTheJob() {
        QFETCH(int, kind);
        app::GenerationController c;
        c.setEngineOptions(cpu_options(app::PreviewMode::Off));
        // The exact messages LibTorch 1.13 throws.
        c.worker()->setStepHook([kind](int step) {
            if (step != 2) return;
            if (kind == 0)
                TORCH_CHECK_WITH(OutOfMemoryError, false,
                                 "CUDA out of memory. Tried to allocate 20.00 GiB");
            if (kind == 1)
                TORCH_CHECK(false,
                            "DefaultCPUAllocator: can't allocate memory: you tried to "
                            "allocate 68719476736 bytes. Error code 12");
            throw std::bad_alloc();
        });
        Recorder r(c);
        c.submit(builtin_settings(4), QImage(), QImage());
        r.wait();
        verify_failed_alone(r);
        qInfo("%s", qPrintable(r.failure));
        QVERIFY(r.failure.contains(QStringLiteral("Out of memory")));
        QCOMPARE(r.steps, (QList<int>{1, 2}));
        c.worker()->setStepHook({});
        verify_next_job_runs(c);
    }

    // Any other engine fault is reported as one, not as a lack of memory.
    void otherEngineFaultsAreNotOutOfMemory() {
        app::GenerationController c;
        c.setEngineOptions(cpu_options(app::PreviewMode::Off));
        c.worker()->setStepHook([](int) { TORCH_CHECK(false, "shape mismatch"); });
        Recorder r(c);
        c.submit(builtin_settings(3), QImage(), QImage());
        r.wait();
        verify_failed_alone(r);
        QVERIFY(r.failure.contains(QStringLiteral("shape mismatch")));
        QVERIFY(!r.failure.contains(QStringLiteral("Out of memory")));
        c.worker()->setStepHook({});
        verify_next_job_runs(c);
    }

    // 131072² would need petabytes: refused before a byte of it is allocated, with the figures.
    void sizeBeyondAnyMachineIsRefusedUpFront() {
        app::GenerationController c;
        c.setEngineOptions(cpu_options(app::PreviewMode::Off));
        Recorder r(c);
        c.submit(builtin_settings(2, 131072), QImage(), QImage());
        r.wait();
        verify_failed_alone(r);
        qInfo("%s", qPrintable(r.failure));
        QVERIFY(r.failure.startsWith(QStringLiteral("131072×131072 needs about ")));
        QVERIFY(r.failure.contains(QStringLiteral(" GB available")) ||
                r.failure.contains(QStringLiteral(" MB available")));
        QVERIFY(r.steps.isEmpty());
        verify_next_job_runs(c);
    }
};

QTEST_GUILESS_MAIN(TestWorkerFaults)
#include "tst_worker_faults.moc"
