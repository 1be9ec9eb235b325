// labels: unit golden
// Seed-exact noise: every draw must equal torch.Generator("cpu").manual_seed(seed) bit for bit,
// including PyTorch's vectorised normal path for 16 or more elements.
#include <regex>

#include "core/io/safetensors.h"
#include "core/sampling/rng.h"
#include "tests/support/test_support.h"

using reverie::io::SafetensorsFile;
namespace sampling = reverie::sampling;

namespace {

std::vector<int64_t> parse_shape(const std::string& text) {
    std::vector<int64_t> shape;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, 'x')) shape.push_back(std::stoll(part));
    return shape;
}

}  // namespace

class TestRng : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void matchesTorchCpuGenerator_data() {
        QTest::addColumn<QString>("key");
        const std::string path =
            reverie::test::shared_path("golden/rng/torch_cpu_randn.safetensors");
        if (path.empty()) {
            QTest::newRow("missing") << QString();
            return;
        }
        const auto file = SafetensorsFile::open(path);
        for (const auto& key : file->keys())
            QTest::newRow(key.c_str()) << QString::fromStdString(key);
    }

    void matchesTorchCpuGenerator() {
        QFETCH(QString, key);
        REVERIE_REQUIRE_SHARED(path, "golden/rng/torch_cpu_randn.safetensors");
        const auto file = SafetensorsFile::open(path);
        const std::string name = key.toStdString();
        const auto expected = file->tensor(name);
        std::smatch m;
        static const std::regex single("^(randn|rand)_seed([0-9]+)_([0-9x]+)$");
        static const std::regex sequence("^seq_seed([0-9]+)_(first|second)$");
        torch::Tensor actual;
        if (std::regex_match(name, m, single)) {
            auto gen = sampling::make_cpu_generator(std::stoull(m[2].str()));
            const auto shape = parse_shape(m[3].str());
            actual =
                m[1].str() == "rand" ? sampling::rand(shape, &gen) : sampling::randn(shape, &gen);
        } else if (std::regex_match(name, m, sequence)) {
            auto gen = sampling::make_cpu_generator(std::stoull(m[1].str()));
            actual = sampling::randn(expected.sizes(), &gen);
            if (m[2].str() == "second") actual = sampling::randn(expected.sizes(), &gen);
        } else {
            QFAIL(qPrintable("unrecognised golden key " + key));
        }
        QCOMPARE(actual.sizes(), expected.sizes());
        REVERIE_COMPARE_TENSORS(actual, expected, 0.0);
    }

    void drawsOnCpuThenMovesToTheTargetDtype() {
        auto a = sampling::make_cpu_generator(7);
        auto b = sampling::make_cpu_generator(7);
        const auto x = sampling::randn({2, 3, 4}, &a, torch::kFloat64);
        const auto y = sampling::randn({2, 3, 4}, &b, torch::kFloat64);
        QCOMPARE(x.scalar_type(), torch::kFloat64);
        QVERIFY(torch::equal(x, y));
        // The generator advances: a second draw differs from the first.
        QVERIFY(!torch::equal(sampling::randn({2, 3, 4}, &a, torch::kFloat64), x));
    }
};

REVERIE_TEST_GUILESS_MAIN(TestRng)
#include "tst_rng.moc"
