// labels: unit app
// The GUI's settings and canvas as engine requests; QImage <-> engine pictures; device choices.
#include <QPainter>
#include <QtTest/QtTest>

#include "app/worker/engine_options.h"
#include "app/worker/qt_image_bridge.h"
#include "app/worker/request_builder.h"
#include "core/common/error.h"
#include "core/image/latent_preview.h"

using namespace reverie;
using reverie::ui::GenerationMode;
using reverie::ui::GenerationSettings;

namespace {

QImage gradient(int w, int h) {
    QImage img(w, h, QImage::Format_ARGB32_Premultiplied);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) img.setPixel(x, y, qRgb(x * 40 % 256, y * 30 % 256, 77));
    return img;
}

QImage mask_with_dot(int w, int h) {
    QImage m(w, h, QImage::Format_Grayscale8);
    m.fill(0);
    m.setPixel(1, 1, qRgb(255, 255, 255));
    return m;
}

}  // namespace

class TestWorkerRequest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void modeFollowsTheCanvas() {
        QCOMPARE(app::request_mode(QImage(), QImage()), GenerationMode::TextToImage);
        // A mask without an image cannot inpaint anything: text to image.
        QCOMPARE(app::request_mode(QImage(), mask_with_dot(8, 8)), GenerationMode::TextToImage);
        QCOMPARE(app::request_mode(gradient(8, 8), QImage()), GenerationMode::ImageToImage);
        QCOMPARE(app::request_mode(gradient(8, 8), mask_with_dot(8, 8)), GenerationMode::Inpaint);
    }

    void textToImageTakesThePanelsSize() {
        GenerationSettings s;
        s.prompt = QStringLiteral("a fox, 雪");
        s.negative_prompt = QStringLiteral("blurry");
        s.sampler = QStringLiteral("dpmpp_2m");
        s.karras = true;
        s.steps = 12;
        s.cfg_scale = 5.5;
        s.width = 192;
        s.height = 128;
        s.clip_skip = 2;
        const auto r = app::build_request(s, QImage(), QImage(), 42);
        QCOMPARE(QString::fromStdString(r.prompt), s.prompt);
        QCOMPARE(r.negative_prompt, std::string("blurry"));
        QCOMPARE(r.sampler, std::string("dpmpp_2m"));
        QVERIFY(r.karras);
        QCOMPARE(r.steps, 12);
        QCOMPARE(r.cfg_scale, 5.5);
        QCOMPARE(r.seed, int64_t(42));
        QCOMPARE(r.width, 192);
        QCOMPARE(r.height, 128);
        QCOMPARE(r.clip_skip, 2);
        QVERIFY(!r.init_image);
        QVERIFY(!r.mask);
    }

    void imageToImageKeepsTheCanvasSize() {
        GenerationSettings s;
        s.width = 512;
        s.denoising_strength = 0.4;
        const auto r = app::build_request(s, gradient(24, 16), QImage(), 1);
        QVERIFY(r.init_image.has_value());
        QCOMPARE(r.init_image->width, 24);
        QCOMPARE(r.init_image->height, 16);
        QCOMPARE(r.init_image->channels, 3);
        QCOMPARE(r.width, 0);  // 0 = the init image's size
        QCOMPARE(r.height, 0);
        QCOMPARE(r.strength, 0.4);
        QVERIFY(!r.mask);
    }

    void inpaintingCarriesTheMaskOptions() {
        GenerationSettings s;
        s.mask_blur = 7;
        s.inpaint_only_masked = true;
        s.inpaint_padding = 40;
        const auto r = app::build_request(s, gradient(16, 16), mask_with_dot(16, 16), 1);
        QVERIFY(r.mask.has_value());
        QCOMPARE(r.mask->channels, 1);
        QCOMPARE(int(r.mask->at(1, 1)), 255);
        QCOMPARE(int(r.mask->at(2, 1)), 0);
        QCOMPARE(r.mask_options.blur, 7.0);
        QVERIFY(r.mask_options.inpaint_full_res);
        QCOMPARE(r.mask_options.padding, 40);
    }

    // An expanded canvas's border is transparent: under the mask it starts from the picture's
    // colours (A1111's fill), never from black.
    void transparentPixelsUnderTheMaskAreFilled() {
        QImage canvas(32, 16, QImage::Format_ARGB32_Premultiplied);
        canvas.fill(Qt::transparent);
        QPainter(&canvas).fillRect(0, 0, 16, 16, QColor(200, 40, 40));
        QImage mask(32, 16, QImage::Format_Grayscale8);
        mask.fill(0);
        QPainter(&mask).fillRect(12, 0, 20, 16, Qt::white);
        const auto r = app::build_request(GenerationSettings{}, canvas, mask, 1);
        QVERIFY(r.init_image.has_value());
        QVERIFY(r.init_image->at(28, 8, 0) > 100);      // reddish, not black
        QCOMPARE(int(r.init_image->at(4, 8, 0)), 200);  // the picture itself is unchanged
    }

    void batchSeedsCountUp() {
        GenerationSettings s;
        s.seed = 1000;
        s.batch_count = 3;
        QCOMPARE(app::batch_seeds(s, 7), (std::vector<int64_t>{1000, 1001, 1002}));
        s.seed = -1;
        QCOMPARE(app::batch_seeds(s, 7), (std::vector<int64_t>{7, 8, 9}));
        s.batch_count = 0;
        QCOMPARE(app::batch_seeds(s, 7).size(), size_t(1));
        for (int i = 0; i < 100; ++i) {
            const int64_t r = app::random_seed();
            QVERIFY(r >= 0 && r < (int64_t(1) << 32));
        }
    }

    void rgbBridgeCopiesExactPixels() {
        // An odd width: QImage pads its rows, the engine's must not be.
        const QImage src = gradient(5, 3);
        const image::Image core = app::to_core_rgb(src);
        QCOMPARE(core.width, 5);
        QCOMPARE(core.height, 3);
        QCOMPARE(core.data.size(), size_t(5 * 3 * 3));
        for (int y = 0; y < 3; ++y)
            for (int x = 0; x < 5; ++x) {
                const QRgb p = src.pixel(x, y);
                QCOMPARE(int(core.at(x, y, 0)), qRed(p));
                QCOMPARE(int(core.at(x, y, 1)), qGreen(p));
                QCOMPARE(int(core.at(x, y, 2)), qBlue(p));
            }
        const QImage back = app::to_qimage(core);
        QCOMPARE(back.size(), QSize(5, 3));
        for (int y = 0; y < 3; ++y)
            for (int x = 0; x < 5; ++x) QCOMPARE(back.pixel(x, y), src.pixel(x, y));
    }

    void halfTransparentPixelsKeepTheirColour() {
        QImage src(1, 1, QImage::Format_ARGB32);
        src.setPixel(0, 0, qRgba(200, 100, 50, 128));
        const image::Image core =
            app::to_core_rgb(src.convertToFormat(QImage::Format_ARGB32_Premultiplied));
        // Premultiplied storage rounds; un-premultiplying gets within one level.
        QVERIFY(std::abs(int(core.at(0, 0, 0)) - 200) <= 1);
        QVERIFY(std::abs(int(core.at(0, 0, 1)) - 100) <= 1);
        QVERIFY(std::abs(int(core.at(0, 0, 2)) - 50) <= 1);
    }

    void qimageOwnsItsPixels() {
        image::Image core(3, 2, 1, 9);
        const QImage q = app::to_qimage(core);
        core.data.assign(core.data.size(), 200);
        QCOMPARE(q.format(), QImage::Format_Grayscale8);
        QCOMPARE(qGray(q.pixel(2, 1)), 9);
        QVERIFY(app::to_qimage(image::Image()).isNull());
        image::Rgb8Image rgb{2, 1, {1, 2, 3, 4, 5, 6}};
        const QImage qr = app::to_qimage(rgb);
        QCOMPARE(qr.pixel(1, 0), qRgb(4, 5, 6));
        rgb.rgb.resize(3);  // too short for 2x1: refused, not read past the end
        QVERIFY(app::to_qimage(rgb).isNull());
    }

    void preferencesBecomeEngineChoices() {
        ui::Preferences p;
        p.preview = QStringLiteral("off");
        p.preview_interval = 3;
        p.device = QStringLiteral("cpu");
        const app::EngineOptions o = app::engine_options(p);
        QVERIFY(o.preview == app::PreviewMode::Off);
        QCOMPARE(o.preview_interval, 3);
        QVERIFY(app::resolve_device(QStringLiteral("cpu")).is_cpu());
        QString note;
        QCOMPARE(app::resolve_dtype(QStringLiteral("fp16"), torch::Device(torch::kCPU), &note),
                 torch::kFloat32);
        QVERIFY(note.contains(QStringLiteral("fp32")));
        QCOMPARE(app::resolve_dtype(QStringLiteral("bf16"), torch::Device(torch::kCPU), nullptr),
                 torch::kBFloat16);
        if (!torch::cuda::is_available()) {
            QVERIFY(app::resolve_device(QStringLiteral("auto")).is_cpu());
            QVERIFY_THROWS_EXCEPTION(reverie::Error, app::resolve_device(QStringLiteral("cuda")));
        }
    }
};

QTEST_GUILESS_MAIN(TestWorkerRequest)
#include "tst_worker_request.moc"
