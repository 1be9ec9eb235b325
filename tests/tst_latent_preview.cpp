// labels: unit
// The cheap latent->RGB preview and the byte conversion of TAESD output.
#include <chrono>

#include "core/common/error.h"
#include "core/image/latent_preview.h"
#include "core/models/cuda_graph.h"
#include "core/pipeline/async_preview.h"
#include "core/pipeline/step_pacer.h"
#include "tests/support/test_support.h"

using reverie::image::LatentFamily;
using reverie::image::Rgb8Image;

namespace {

torch::Tensor factor_matrix(const reverie::image::LatentRgbProjection& p) {
    auto f = torch::empty({4, 3});
    for (int i = 0; i < 4; ++i)
        for (int c = 0; c < 3; ++c) f[i][c] = p.factors[i][c];
    return f;
}

torch::Tensor bias_vector(const reverie::image::LatentRgbProjection& p) {
    return torch::tensor({p.bias[0], p.bias[1], p.bias[2]});
}

torch::Tensor bytes_of(const Rgb8Image& img) {
    return torch::from_blob(const_cast<uint8_t*>(img.rgb.data()), {img.height, img.width, 3},
                            torch::kUInt8)
        .to(torch::kInt32);
}

double elapsed_ms(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

}  // namespace

class TestLatentPreview : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void shapeAndSaturation() {
        auto latent = torch::randn({1, 4, 48, 64}) * 50;  // far outside the usual range
        Rgb8Image img = reverie::image::latent_to_rgb8(latent, LatentFamily::SD1);
        QCOMPARE(img.width, 64);
        QCOMPARE(img.height, 48);
        QCOMPARE(img.rgb.size(), size_t(64 * 48 * 3));
        auto bytes = bytes_of(img);
        QCOMPARE(bytes.min().item<int>(), 0);
        QCOMPARE(bytes.max().item<int>(), 255);
        // A [4,H,W] latent is accepted as well and gives the same bytes.
        QVERIFY(img.rgb == reverie::image::latent_to_rgb8(latent[0], LatentFamily::SD1).rgb);
        // Zero latent is mid-grey for SD (no bias).
        Rgb8Image grey = reverie::image::latent_to_rgb8(torch::zeros({4, 2, 2}), LatentFamily::SD2);
        for (uint8_t v : grey.rgb) QCOMPARE(int(v), 128);
    }

    void wrongShapeIsAnError() {
        QVERIFY_EXCEPTION_THROWN(
            reverie::image::latent_to_rgb8(torch::zeros({1, 16, 8, 8}), LatentFamily::SD1),
            reverie::Error);
        QVERIFY_EXCEPTION_THROWN(
            reverie::image::latent_to_rgb8(torch::zeros({2, 4, 8, 8}), LatentFamily::SD1),
            reverie::Error);
        QVERIFY_EXCEPTION_THROWN(reverie::image::image01_to_rgb8(torch::zeros({4, 8, 8})),
                                 reverie::Error);
    }

    void matchesMatrixProduct_data() {
        QTest::addColumn<int>("family");
        QTest::newRow("sd1") << int(LatentFamily::SD1);
        QTest::newRow("sdxl") << int(LatentFamily::SDXL);
    }
    void matchesMatrixProduct() {
        QFETCH(int, family);
        const auto& p = reverie::image::latent_rgb_projection(LatentFamily(family));
        auto latent = torch::randn({1, 4, 20, 28}, torch::TensorOptions().dtype(torch::kFloat64));
        Rgb8Image img = reverie::image::latent_to_rgb8(latent, p);
        auto hw4 = latent[0].permute({1, 2, 0}).to(torch::kFloat32);
        auto rgb = (hw4.matmul(factor_matrix(p)) + bias_vector(p) + 1) / 2;
        auto expected = (rgb.clamp(0, 1) * 255).round().to(torch::kInt32);
        const int worst = (bytes_of(img) - expected).abs().max().item<int>();
        qInfo("max byte difference to the matrix product: %d", worst);
        QVERIFY2(worst <= 1, "differs from latent x factors + bias");
    }

    // The minimum-norm latent that the projection maps to a colour must preview as that colour.
    void knownEncodingGivesItsColour_data() {
        QTest::addColumn<int>("family");
        QTest::addColumn<double>("r");
        QTest::addColumn<double>("g");
        QTest::addColumn<double>("b");
        for (int family : {int(LatentFamily::SD1), int(LatentFamily::SDXL)}) {
            const char* name = family == int(LatentFamily::SD1) ? "sd1" : "sdxl";
            QTest::addRow("%s red", name) << family << 0.9 << 0.1 << 0.1;
            QTest::addRow("%s green", name) << family << 0.2 << 0.8 << 0.2;
            QTest::addRow("%s blue", name) << family << 0.1 << 0.2 << 0.9;
            QTest::addRow("%s orange", name) << family << 1.0 << 0.6 << 0.0;
            QTest::addRow("%s grey", name) << family << 0.5 << 0.5 << 0.5;
        }
    }
    void knownEncodingGivesItsColour() {
        QFETCH(int, family);
        QFETCH(double, r);
        QFETCH(double, g);
        QFETCH(double, b);
        const auto& p = reverie::image::latent_rgb_projection(LatentFamily(family));
        auto f = factor_matrix(p).to(torch::kFloat64);
        auto target =
            torch::tensor({r, g, b}, torch::kFloat64) * 2 - 1 - bias_vector(p).to(torch::kFloat64);
        // l F = t with l = t (F^T F)^-1 F^T.
        auto l = target.matmul(torch::inverse(f.t().matmul(f))).matmul(f.t());
        auto latent = l.view({4, 1, 1}).expand({4, 6, 5}).to(torch::kFloat32);
        Rgb8Image img = reverie::image::latent_to_rgb8(latent, p);
        auto want = torch::tensor({r, g, b}).mul(255).round().to(torch::kInt32);
        const int worst = (bytes_of(img) - want).abs().max().item<int>();
        qInfo("colour (%.1f, %.1f, %.1f) <- latent (%.3f, %.3f, %.3f, %.3f): max byte error %d", r,
              g, b, l[0].item<double>(), l[1].item<double>(), l[2].item<double>(),
              l[3].item<double>(), worst);
        QVERIFY2(worst <= 1, "preview colour differs from the encoded colour");
    }

    void image01ToBytes() {
        // Channel c of pixel (0, x) = values[c][x]; checks clamping, rounding and HWC order.
        auto image = torch::tensor({-0.5f, 0.0f, 0.5f, 1.0f, 2.0f, 0.25f}).view({1, 3, 1, 2});
        Rgb8Image img = reverie::image::image01_to_rgb8(image);
        QCOMPARE(img.width, 2);
        QCOMPARE(img.height, 1);
        const std::vector<uint8_t> expected = {0, 128, 255, 0, 255, 64};
        QCOMPARE(img.rgb, expected);
        Rgb8Image nan = reverie::image::image01_to_rgb8(torch::full({3, 1, 1}, NAN));
        QCOMPARE(nan.rgb, (std::vector<uint8_t>{0, 0, 0}));
    }

    void takesMilliseconds() {
        auto latent = torch::randn({1, 4, 64, 64});
        auto start = std::chrono::steady_clock::now();
        Rgb8Image img = reverie::image::latent_to_rgb8(latent, LatentFamily::SD1);
        const double latent_ms = elapsed_ms(start);
        auto image = torch::rand({1, 3, 512, 512});
        start = std::chrono::steady_clock::now();
        Rgb8Image big = reverie::image::image01_to_rgb8(image);
        const double image_ms = elapsed_ms(start);
        qInfo("latent 64x64 -> RGB8: %.3f ms; 512x512 [0,1] image -> RGB8: %.3f ms", latent_ms,
              image_ms);
        // Times are reported, not asserted (`reverie-cli bench` measures speed).
        QCOMPARE(img.width, 64);
        QCOMPARE(big.width, 512);
    }

    void asyncPreviewOnTheCpuDecodesAtOnce() {
        int calls = 0;
        reverie::pipeline::AsyncPreview preview([&](const torch::Tensor& latent) {
            ++calls;
            return torch::full({1, 3, latent.size(2) * 8, latent.size(3) * 8}, 0.5f);
        });
        QVERIFY(preview.submit(torch::zeros({1, 4, 2, 3})));
        QCOMPARE(calls, 1);
        const Rgb8Image got = preview.take();
        QCOMPARE(got.width, 24);
        QCOMPARE(got.height, 16);
        QCOMPARE(int(got.rgb.at(0)), 128);
        QCOMPARE(preview.take().width, 0);  // once per submit
        QCOMPARE(preview.wait().width, 0);
    }

    void graphedCallAndPacerAreTransparentOnTheCpu() {
        int calls = 0;
        reverie::GraphedCall twice([&](const std::vector<torch::Tensor>& in) {
            ++calls;
            return in[0] * 2;
        });
        reverie::pipeline::StepPacer pacer;
        for (int i = 1; i <= 3; ++i) {
            const auto out = twice({torch::full({2}, float(i))});
            pacer.step(torch::Device(torch::kCPU));
            QVERIFY(torch::equal(out, torch::full({2}, 2.0f * float(i))));
            QVERIFY(!twice.replayed());
        }
        QCOMPARE(calls, 3);
    }
};

REVERIE_TEST_GUILESS_MAIN(TestLatentPreview)
#include "tst_latent_preview.moc"
