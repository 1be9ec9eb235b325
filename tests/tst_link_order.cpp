// labels: unit
// Debian's libsentencepiece exports its own copy of protobuf. Linked into a binary that also loads
// libtorch / OpenCV's dnn, one side binds to the other's protobuf: libtorch crashes before main()
// when sentencepiece comes first, and sentencepiece aborts in protobuf's version check when
// libprotobuf comes first. Reverie links libprotobuf first and reaches sentencepiece only through
// the RTLD_DEEPBIND shim. This binary links like every Reverie executable and uses all three: a
// regression crashes it.
#include <QProcess>
#include <fstream>
#include <opencv2/dnn.hpp>

#include "core/text/sentencepiece_library.h"
#include "tests/support/test_support.h"

class TestLinkOrder : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void torchOpenCvDnnAndSentencepieceWorkTogether() {
        auto t = torch::ones({2, 2}).matmul(torch::ones({2, 2}));
        QCOMPARE(t.sum().item<float>(), 8.0f);
        cv::dnn::Net net;
        QVERIFY(net.empty());

        const std::string dir = reverie::test::scratch_dir();
        {
            std::ofstream corpus(dir + "/corpus.txt");
            const char* colours[] = {"red", "green", "blue", "yellow"};
            const char* shapes[] = {"circle", "square", "triangle", "star"};
            for (int i = 0; i < 200; ++i)
                corpus << "a " << colours[i % 4] << " " << shapes[(i / 4) % 4] << " on the left\n";
        }
        reverie::text::train_sentencepiece(
            "--input=" + dir + "/corpus.txt --model_prefix=" + dir +
            "/tiny --vocab_size=24 --hard_vocab_limit=false --minloglevel=2");
        reverie::text::SentencePieceModel model(dir + "/tiny.model");
        const auto ids = model.encode("a red circle");
        QVERIFY(!ids.empty());
        QCOMPARE(model.decode(ids), std::string("a red circle"));
        // torch still works after sentencepiece ran
        QCOMPARE(torch::arange(4).sum().item<int64_t>(), int64_t(6));
    }

    void protobufFirstAndSentencepieceNeverLinked() {
        QProcess readelf;
        readelf.start("readelf", {"-d", QCoreApplication::applicationFilePath()});
        if (!readelf.waitForFinished(10000) || readelf.exitCode() != 0)
            QSKIP("readelf is not available");
        const QString out = QString::fromUtf8(readelf.readAllStandardOutput());
        const qsizetype proto = out.indexOf("libprotobuf.so");
        QVERIFY2(proto >= 0, "libprotobuf must be a direct dependency");
        QVERIFY2(proto < out.indexOf("libtorch_cpu.so"), "libprotobuf must come before libtorch");
        QVERIFY2(!out.contains("libsentencepiece"),
                 "sentencepiece must only be reached through libreverie_spm (RTLD_DEEPBIND)");
    }
};

REVERIE_TEST_GUILESS_MAIN(TestLinkOrder)
#include "tst_link_order.moc"
