// labels: unit
// The up-front memory estimate: it grows with the size and the batch, a normal request fits a
// normal machine, an absurd one is refused with the estimate and what is available in the message.
#include <QtTest/QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/common/memory_stats.h"
#include "core/pipeline/memory_estimate.h"
#include "tests/support/test_support.h"

using namespace reverie;
using pipeline::estimate_memory;
using pipeline::MemoryNeeds;

namespace {

MemoryNeeds sd15(int side, int batch = 2) {
    return estimate_memory(UNetConfig::sd15(), VaeConfig::sd(), side, side, batch, 4, 4);
}

constexpr double kGB = 1024;  // MB

}  // namespace

class TestMemoryEstimate : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void growsWithSizeAndBatch() {
        QVERIFY(sd15(512).working_mb() < sd15(1024).working_mb());
        QVERIFY(sd15(1024).working_mb() < sd15(2048).working_mb());
        QVERIFY(sd15(512, 1).unet_mb < sd15(512, 2).unet_mb);
        // Four times the pixels, about four times the VAE's working set.
        const double ratio = sd15(2048).vae_mb / sd15(1024).vae_mb;
        QVERIFY2(ratio > 3.5 && ratio < 4.5, qPrintable(QString::number(ratio)));
    }

    // Tiled decoding bounds the VAE's working set by the tile: at 2048² only the float32 picture
    // and the blend sums still grow with the image.
    void tiledDecodeIsBoundedByTheTile() {
        const auto tiled = [](int side) {
            return estimate_memory(UNetConfig::sd15(), VaeConfig::sd(), side, side, 2, 4, 4, 512);
        };
        qInfo("SD 1.5 VAE decode at 2048²: %.0f MB untiled, %.0f MB in 512² tiles",
              sd15(2048).vae_mb, tiled(2048).vae_mb);
        QVERIFY(tiled(2048).vae_mb < 0.25 * sd15(2048).vae_mb);
        QVERIFY(tiled(2048).vae_mb > tiled(1024).vae_mb);  // the picture itself
        QVERIFY(tiled(512).vae_mb >= sd15(512).vae_mb);    // one tile: no saving
    }

    // SD 1.5 at its own size needs a few gigabytes beside its weights, the VAE decode most of
    // them; 8192² needs more than any desktop has.
    void sd15FiguresAreInRange() {
        qInfo(
            "SD 1.5 fp32, guided: 512² %.0f MB (UNet %.0f, VAE %.0f), 1024² %.0f MB, 8192² %.0f "
            "MB",
            sd15(512).working_mb(), sd15(512).unet_mb, sd15(512).vae_mb, sd15(1024).working_mb(),
            sd15(8192).working_mb());
        QVERIFY(sd15(512).working_mb() > 1 * kGB && sd15(512).working_mb() < 4 * kGB);
        QVERIFY(sd15(8192).working_mb() > 64 * kGB);
    }

    void normalSizeFits() {
        pipeline::check_fits(sd15(512), 4 * kGB, 512, 512);
        pipeline::check_fits(sd15(1024), 21 * kGB, 1024, 1024);
        // Unknown (0): never refused.
        pipeline::check_fits(sd15(8192), 0, 8192, 8192);
    }

    void absurdSizeIsRefusedWithTheFigures() {
        const MemoryNeeds needs = sd15(8192);
        try {
            pipeline::check_fits(needs, 21 * kGB, 8192, 8192);
            QFAIL("8192² was not refused with 21 GB available");
        } catch (const Error& e) {
            const QString m = QString::fromUtf8(e.what());
            qInfo("%s", qPrintable(m));
            QVERIFY(m.startsWith(QStringLiteral("8192×8192 needs about ")));
            QVERIFY(
                m.contains(QString::fromStdString(pipeline::format_megabytes(needs.working_mb()))));
            QVERIFY(m.contains(QStringLiteral("21 GB available")));
        }
    }

    // A container's memory limit counts, not only the machine's MemAvailable (v2 and v1 layouts,
    // limits on ancestors, "max", and a hierarchy mounted at the group itself).
    void controlGroupLimitsBoundAvailableMemory() {
        namespace fs = std::filesystem;
        const fs::path root = fs::path(reverie::test::scratch_dir()) / "cgroup";
        fs::remove_all(root);
        auto put = [&](const fs::path& rel, const std::string& text) {
            fs::create_directories((root / rel).parent_path());
            std::ofstream(root / rel) << text;
        };
        constexpr double MiB = 1024.0 * 1024.0;
        const std::string self = (root / "self").string();
        put("self", "0::/a/b\n");
        QVERIFY(std::isinf(reverie::cgroup_headroom_mb(root.string(), self)));  // no files
        put("a/memory.max", "max\n");
        put("a/b/memory.max", std::to_string(int64_t(1024 * MiB)) + "\n");
        put("a/b/memory.current", std::to_string(int64_t(512 * MiB)) + "\n");
        put("a/b/memory.stat",
            "anon 1\ninactive_file " + std::to_string(int64_t(100 * MiB)) + "\n");
        QCOMPARE(reverie::cgroup_headroom_mb(root.string(), self), 612.0);
        put("a/memory.max", std::to_string(int64_t(700 * MiB)));  // a tighter parent
        put("a/memory.current", std::to_string(int64_t(650 * MiB)));
        QCOMPARE(reverie::cgroup_headroom_mb(root.string(), self), 50.0);
        put("self", "0::/elsewhere\n");  // mounted at the group: its own files are at the root
        put("memory.max", std::to_string(int64_t(300 * MiB)));
        put("memory.current", std::to_string(int64_t(100 * MiB)));
        QCOMPARE(reverie::cgroup_headroom_mb(root.string(), self), 200.0);

        put("self", "12:pids:/x\n4:cpu,memory:/x\n");                  // cgroup v1
        put("memory/memory.limit_in_bytes", "9223372036854771712\n");  // no limit
        put("memory/x/memory.limit_in_bytes", std::to_string(int64_t(2048 * MiB)));
        put("memory/x/memory.usage_in_bytes", std::to_string(int64_t(1024 * MiB)));
        put("memory/x/memory.stat",
            "cache 5\ntotal_inactive_file " + std::to_string(int64_t(24 * MiB)));
        QCOMPARE(reverie::cgroup_headroom_mb(root.string(), self), 1048.0);
        // What the estimates use is never above the machine's figure.
        QVERIFY(reverie::available_memory_mb() > 0);
    }

    void megabytesReadAsPeopleWriteThem() {
        auto text = [](double mb) {
            return QString::fromStdString(pipeline::format_megabytes(mb));
        };
        QCOMPARE(text(850.2), QStringLiteral("851 MB"));
        QCOMPARE(text(1536), QStringLiteral("1.5 GB"));
        QCOMPARE(text(97 * kGB + 100), QStringLiteral("97 GB"));
    }
};

REVERIE_TEST_GUILESS_MAIN(TestMemoryEstimate)
#include "tst_memory_estimate.moc"
