// labels: unit
// Soft inpainting (differential diffusion) and "only masked" at the model's size, on the built-in
// model: a mask's grey levels set per-pixel strength (0 keeps the pixel, 1 regenerates it, and
// the change grows with the level), and a crop is rendered at the model's size, not the picture's.
#include "core/io/builtin_model.h"
#include "core/pipeline/loaded_model.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/soft_inpaint.h"
#include "tests/support/test_support.h"

using namespace reverie;

namespace {

std::shared_ptr<pipeline::LoadedModel> builtin() {
    static auto m =
        pipeline::LoadedModel::load(io::builtin_model_path(), torch::kCPU, torch::kFloat32);
    return m;
}

// Colour gradients, so every region has something to change.
image::Image scene(int w, int h) {
    image::Image img(w, h, 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            img.at(x, y, 0) = uint8_t(x * 255 / (w - 1));
            img.at(x, y, 1) = uint8_t(y * 255 / (h - 1));
            img.at(x, y, 2) = uint8_t(200 - x * 100 / (w - 1));
        }
    return img;
}

pipeline::GenerationRequest request(int size) {
    pipeline::GenerationRequest r;
    r.prompt = "a red circle on a blue background";
    r.steps = 8;
    r.cfg_scale = 2.0;
    r.sampler = "euler";
    r.seed = 11;
    r.width = r.height = size;
    r.init_image = scene(size, size);
    r.strength = 1.0;
    return r;
}

}  // namespace

class TestSoftInpaint : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void thresholdsFreeCellsByTheirStrength() {
        const auto m = torch::tensor({0.0f, 0.25f, 0.5f, 0.75f, 1.0f});
        int previous = 0;
        for (int k = 1; k <= 4; ++k) {
            const auto free = pipeline::differential_region(m, k, 4);
            QCOMPARE(free[0].item<float>(), 0.0f);  // strength 0: never
            QCOMPARE(free[4].item<float>(), 1.0f);  // strength 1: from the first step
            const int count = int(free.sum().item<float>());
            QVERIFY(count >= previous);  // once free, free to the end
            previous = count;
        }
        QCOMPARE(previous, 4);
        // The cell mean: a half-covered 8x8 cell has strength 0.5.
        image::Mask half(16, 8, 1, 0);
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 4; ++x) half.at(x, y) = 255;
        const auto cells = pipeline::soft_latent_mask(half, 8);
        QCOMPARE(cells.size(3), 2);
        QVERIFY(std::abs(cells[0][0][0][0].item<float>() - 0.5f) < 1e-6f);
        QCOMPARE(cells[0][0][0][1].item<float>(), 0.0f);
    }

    // Eight vertical bands of mask 0, 36, ... 255: band 0 comes back byte-identical, the last is
    // regenerated as much as a hard full mask regenerates, and the change grows band by band.
    void greyLevelsBlendMonotonically() {
        auto model = builtin();
        const int size = model->default_size();
        const int bands = 8, band = size / bands;
        auto r = request(size);
        r.mask = image::Mask(size, size, 1, 0);
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x)
                r.mask->at(x, y) = uint8_t((x / band) * 255 / (bands - 1));
        r.mask_options.soft = true;
        const auto soft = pipeline::generate(*model, r);
        QVERIFY(QString::fromStdString(soft.parameters).contains("Soft inpainting enabled: True"));

        auto full = request(size);
        full.mask = image::Mask(size, size, 1, 255);
        const auto hard = pipeline::generate(*model, full);

        const image::Image original = scene(size, size);
        auto band_diff = [&](const image::Image& img, int b) {
            double sum = 0;
            for (int y = 0; y < size; ++y)
                for (int x = b * band; x < (b + 1) * band; ++x)
                    for (int c = 0; c < 3; ++c)
                        sum += std::abs(int(img.at(x, y, c)) - int(original.at(x, y, c)));
            return sum / (size * band * 3);
        };
        QString line;
        std::vector<double> diffs;
        for (int b = 0; b < bands; ++b) {
            diffs.push_back(band_diff(soft.image, b));
            line += QString::number(diffs.back(), 'f', 1) + QLatin1Char(' ');
        }
        const double regenerated = band_diff(hard.image, bands - 1);
        qInfo("mean |change| per band, mask 0 -> 255: %s (hard full mask: %.1f)", qPrintable(line),
              regenerated);
        QCOMPARE(diffs.front(), 0.0);
        for (int b = 1; b < bands; ++b) QVERIFY2(diffs[b] >= diffs[b - 1] - 1.0, qPrintable(line));
        QVERIFY(diffs.back() > 4 * diffs[1]);
        QVERIFY(diffs.back() > 0.6 * regenerated);
    }

    // "Only masked" on a picture bigger than the model: the UNet sees the model's size.
    void onlyMaskedRendersAtTheModelsSize() {
        auto model = builtin();
        const int size = model->default_size();
        const int ds = int(model->vae->config().downscale());
        auto r = request(size);
        r.steps = 2;
        r.width = r.height = 0;  // nothing asked: the model's size
        r.init_image = scene(size * 3, size * 2);
        r.mask = image::Mask(size * 3, size * 2, 1, 0);
        for (int y = 40; y < 70; ++y)
            for (int x = 200; x < 240; ++x) r.mask->at(x, y) = 255;
        r.mask_options.inpaint_full_res = true;
        std::vector<int64_t> seen;
        pipeline::PipelineCallbacks cb;
        cb.on_unet_call = [&](const torch::Tensor& t) { seen = {t.size(2), t.size(3)}; };
        const auto res = pipeline::generate(*model, r, cb);
        QCOMPARE(seen, (std::vector<int64_t>{size / ds, size / ds}));
        QCOMPARE(res.image.width, size * 3);
        QCOMPARE(res.image.height, size * 2);
    }
};

QTEST_GUILESS_MAIN(TestSoftInpaint)
#include "tst_soft_inpaint.moc"
