// labels: unit
// Mask maths for inpainting: morphology, A1111's blur, latent masks, masked-content fill,
// "inpaint only masked" crop boxes and seamless paste-back, outpainting canvases.
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/common/error.h"
#include "core/image/cv_bridge.h"
#include "core/image/inpaint_crop.h"
#include "core/image/mask_ops.h"
#include "core/image/masked_content.h"
#include "core/image/outpaint_canvas.h"
#include "tests/support/test_support.h"

using namespace reverie::image;

namespace {

// W x H mask with a white rectangle [x1, x2) x [y1, y2).
Mask rect_mask(int w, int h, int x1, int y1, int x2, int y2) {
    Mask m(w, h, 1, 0);
    for (int y = y1; y < y2; ++y)
        for (int x = x1; x < x2; ++x) m.at(x, y) = 255;
    return m;
}

int count_nonzero(const Mask& m) {
    int n = 0;
    for (const uint8_t v : m.data) n += v != 0;
    return n;
}

}  // namespace

class TestMaskOps : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void growShrinkInvert() {
        const Mask m = rect_mask(32, 32, 10, 10, 20, 20);
        const Mask g = grow(m, 2);
        QCOMPARE(g.at(8, 15), uint8_t(255));  // 2 px left of the edge
        QCOMPARE(g.at(7, 15), uint8_t(0));
        QCOMPARE(g.at(8, 8), uint8_t(0));  // a disc, so the corner rounds off
        const Mask s = grow(m, -2);
        QCOMPARE(count_nonzero(s), 6 * 6);
        QCOMPARE(s.at(12, 12), uint8_t(255));
        QCOMPARE(s.at(11, 12), uint8_t(0));
        // A mask at the border is not eaten from outside the image.
        QCOMPARE(grow(rect_mask(8, 8, 0, 0, 8, 8), -2).at(0, 0), uint8_t(255));
        const Mask inv = invert(m);
        QCOMPARE(inv.at(0, 0), uint8_t(255));
        QCOMPARE(inv.at(15, 15), uint8_t(0));
        QVERIFY(invert(inv).data == m.data);
        QCOMPARE(grow(m, 0).data, m.data);
    }

    void blurMatchesA1111Kernel() {
        const Mask m = rect_mask(64, 64, 20, 20, 44, 44);
        const Mask b = blur(m, 4.0);
        // Reference: the same separable cv::GaussianBlur calls A1111 makes, kernel
        // 2*int(2.5*4+0.5)+1.
        cv::Mat ref = as_mat(m).clone();
        cv::GaussianBlur(ref, ref, cv::Size(21, 1), 4.0);
        cv::GaussianBlur(ref, ref, cv::Size(1, 21), 4.0);
        QVERIFY(from_mat(ref).data == b.data);
        QCOMPARE(b.at(32, 32), uint8_t(255));               // deep inside stays white
        QVERIFY(b.at(20, 32) > 100 && b.at(20, 32) < 160);  // the edge is about half
        QVERIFY(b.at(12, 32) < 10);
        QCOMPARE(blur(m, 0).data, m.data);
    }

    void emptyMaskAndBinarize() {
        QVERIFY(is_empty(Mask(16, 16, 1, 0)));
        Mask one(16, 16, 1, 0);
        one.at(3, 4) = 1;
        QVERIFY(!is_empty(one));
        QCOMPARE(binarize(one).at(3, 4), uint8_t(0));
        QVERIFY(!mask_bounds(Mask(4, 4, 1, 0)));
        QVERIFY_THROWS_EXCEPTION(reverie::Error, crop_box(Mask(8, 8, 1, 0), 4, 8, 8));
    }

    void maskOfAnotherSizeIsResizedAndReported() {
        const std::string path = reverie::test::scratch_dir() + "/mask_small.png";
        cv::Mat small(32, 32, CV_8UC1, cv::Scalar(0));
        small(cv::Rect(8, 8, 16, 16)).setTo(255);
        QVERIFY(cv::imwrite(path, small));
        const LoadedMask lm = load_mask(path, 64, 64);
        qInfo("%s", lm.resized_warning.c_str());
        QVERIFY(!lm.resized_warning.empty());
        QVERIFY(lm.resized_warning.find("32x32") != std::string::npos);
        QCOMPARE(lm.mask.width, 64);
        QCOMPARE(lm.mask.height, 64);
        QCOMPARE(lm.mask.at(32, 32), uint8_t(255));
        QCOMPARE(lm.mask.at(10, 10), uint8_t(0));
        for (const uint8_t v : lm.mask.data) QVERIFY(v == 0 || v == 255);  // binary stays binary
        QVERIFY(load_mask(path, 32, 32).resized_warning.empty());

        // RGBA with transparency: the painted (opaque) part is the mask.
        cv::Mat bgra(16, 16, CV_8UC4, cv::Scalar(255, 255, 255, 0));
        bgra(cv::Rect(0, 0, 8, 16)).setTo(cv::Scalar(0, 0, 0, 255));
        const std::string rgba_path = reverie::test::scratch_dir() + "/mask_rgba.png";
        QVERIFY(cv::imwrite(rgba_path, bgra));
        const Mask am = load_mask(rgba_path).mask;
        QCOMPARE(am.at(2, 2), uint8_t(255));
        QCOMPARE(am.at(12, 2), uint8_t(0));
        QCOMPARE(mask_from_alpha(Mask(2, 2, 1, 0)).at(0, 0), uint8_t(255));
    }

    void latentMaskCoverTakesEveryTouchedCell() {
        // A 12×12 square from (13, 5): it touches latent columns 1..3 and rows 0..2, but "nearest"
        // samples pixels 8, 16, 24 / 0, 8, 16 and keeps only columns 2..3, rows 1..2.
        const Mask m = rect_mask(32, 24, 13, 5, 25, 17);
        const auto nearest = latent_mask(m, 8, LatentMaskMode::Nearest);
        const auto cover = latent_mask(m, 8, LatentMaskMode::Cover);
        QCOMPARE(cover.sizes().vec(), (std::vector<int64_t>{1, 1, 3, 4}));
        auto expected = torch::zeros({1, 1, 3, 4});
        expected.slice(2, 0, 3).slice(3, 1, 4).fill_(1.0f);
        REVERIE_COMPARE_TENSORS(cover, expected, 0.0);
        QCOMPARE(nearest.sum().item<float>(), 4.0f);
        // Pixels below one half are not the mask, in either mode.
        Mask faint = m;
        for (auto& v : faint.data) v = v ? 100 : 0;
        QCOMPARE(latent_mask(faint, 8, LatentMaskMode::Cover).sum().item<float>(), 0.0f);
    }

    void latentMaskIsNearestAtOneEighth() {
        Mask m = rect_mask(64, 48, 16, 8, 40, 24);
        m.at(0, 0) = 200;    // >= 0.5 -> 1, sampled by nearest at (0, 0)
        m.at(9, 0) = 255;    // not on the 8-pixel sampling grid: dropped
        m.at(16, 40) = 100;  // < 0.5 -> 0
        const torch::Tensor lm = latent_mask(m);
        QCOMPARE(lm.sizes().vec(), (std::vector<int64_t>{1, 1, 6, 8}));
        // PyTorch "nearest" picks source index floor(i * 8), computed here by hand.
        auto expected = torch::zeros({1, 1, 6, 8});
        for (int i = 0; i < 6; ++i)
            for (int j = 0; j < 8; ++j)
                expected[0][0][i][j] = m.at(j * 8, i * 8) >= 128 ? 1.0f : 0.0f;
        REVERIE_COMPARE_TENSORS(lm, expected, 0.0);
        QCOMPARE(lm[0][0][0][0].item<float>(), 1.0f);
        QCOMPARE(lm[0][0][1][2].item<float>(), 1.0f);
        QCOMPARE(lm[0][0][5][2].item<float>(), 0.0f);

        Image rgb(64, 48, 3, 255);
        const auto masked = masked_image_tensor(rgb, m);
        QCOMPARE(masked[0][0][10][20].item<float>(), 0.0f);  // inside: zeroed
        QCOMPARE(masked[0][0][30][2].item<float>(), 1.0f);   // outside: white
    }

    void fillPaintsTheHoleWithSurroundings() {
        // Left half green, right half blue, hole across the middle.
        Image rgb(64, 32, 3, 0);
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 64; ++x) rgb.at(x, y, x < 32 ? 1 : 2) = 200;
        const Mask m = rect_mask(64, 32, 24, 8, 40, 24);
        const Image f = fill_masked(rgb, m);
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 64; ++x)
                if (m.at(x, y) == 0)
                    for (int c = 0; c < 3; ++c) QCOMPARE(f.at(x, y, c), rgb.at(x, y, c));
        // Hole pixels near the green side are mostly green, near the blue side mostly blue.
        QVERIFY(f.at(25, 16, 1) > f.at(25, 16, 2));
        QVERIFY(f.at(38, 16, 2) > f.at(38, 16, 1));
        QCOMPARE(f.at(25, 16, 0), uint8_t(0));
        QCOMPARE(apply_masked_content(rgb, m, MaskedContent::Original).data, rgb.data);
        QCOMPARE(masked_content_from_name("latent nothing").value(), MaskedContent::LatentNothing);
        QCOMPARE(masked_content_name(MaskedContent::Fill), std::string("fill"));
        QVERIFY(!masked_content_from_name("whatever"));
        const Image all = fill_masked(rgb, Mask(64, 32, 1, 255));
        QCOMPARE(all.at(5, 5, 0), uint8_t(128));
    }

    void cropBoxPadsExpandsAndClamps() {
        // Mask bounds [100, 110) x [100, 140): 10 wide, 40 tall; padding 8 -> [92,118)x[92,148).
        const Mask m = rect_mask(512, 512, 100, 100, 110, 140);
        Box b = crop_box(m, 8, 512, 512);
        // Square target: width grows from 26 to 56 around the centre.
        QCOMPARE(b, (Box{77, 92, 133, 148}));
        QCOMPARE(b.width(), b.height());
        // Wide target 2:1 -> width 112.
        b = crop_box(m, 8, 1024, 512);
        QCOMPARE(b.height(), 56);
        QCOMPARE(b.width(), 112);
        // Near the left edge: slid back inside.
        const Mask left = rect_mask(512, 512, 2, 100, 12, 140);
        b = crop_box(left, 8, 512, 512);
        QCOMPARE(b.x1, 0);
        QCOMPARE(b.width(), 56);
        // Near the right edge.
        const Mask right = rect_mask(512, 512, 500, 100, 510, 140);
        b = crop_box(right, 8, 512, 512);
        QCOMPARE(b.x2, 512);
        QCOMPARE(b.width(), 56);
        // Too tall an expansion for a small image: clamped to the image.
        const Mask wide = rect_mask(100, 30, 10, 10, 90, 20);
        b = crop_box(wide, 4, 64, 64);
        QCOMPARE(b, (Box{6, 0, 94, 30}));
        // Padding clamps at the image border.
        b = crop_box(rect_mask(64, 64, 0, 0, 64, 64), 32, 64, 64);
        QCOMPARE(b, (Box{0, 0, 64, 64}));
    }

    void pasteBackIsSeamlessAndLocal() {
        const int w = 160, h = 120, feather = 8;
        Image orig(w, h, 3);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                for (int c = 0; c < 3; ++c)
                    orig.at(x, y, c) = uint8_t(40 + ((x * 3 + y * 5 + c * 17) % 23));
        Mask m(w, h, 1, 0);
        cv::circle(as_mat(m), {80, 60}, 15, cv::Scalar(255), cv::FILLED);
        const Box box = crop_box(m, 24, 64, 64);
        qInfo("crop box %d,%d %dx%d", box.x1, box.y1, box.width(), box.height());
        Image gen(64, 64, 3, 220);  // generated at processing size, resized into the box
        const Image out = paste_back(orig, gen, box, m, feather);

        int outside_changed = 0, mask_wrong = 0;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const bool in_box = x >= box.x1 && x < box.x2 && y >= box.y1 && y < box.y2;
                for (int c = 0; c < 3; ++c) {
                    if (!in_box && out.at(x, y, c) != orig.at(x, y, c)) ++outside_changed;
                    if (m.at(x, y) == 255 && out.at(x, y, c) != 220) ++mask_wrong;
                }
            }
        QCOMPARE(outside_changed, 0);
        QCOMPARE(mask_wrong, 0);

        // Seam: the largest jump between neighbours, minus the jumps the original already has,
        // against the hard paste's jump.
        auto max_step = [&](const Image& img) {
            int worst = 0;
            for (int y = 1; y < h; ++y)
                for (int x = 1; x < w; ++x)
                    for (int c = 0; c < 3; ++c) {
                        worst = std::max(worst, std::abs(img.at(x, y, c) - img.at(x - 1, y, c)));
                        worst = std::max(worst, std::abs(img.at(x, y, c) - img.at(x, y - 1, c)));
                    }
            return worst;
        };
        const int hard = max_step(paste_back(orig, gen, box, m, 0));
        const int soft = max_step(out);
        const int base = max_step(orig);
        qInfo("max neighbour step: original %d, hard paste %d, feathered %d px: %d", base, hard,
              feather, soft);
        QVERIFY(hard > 150);
        QVERIFY2(soft <= 180 / feather + base + 4, "a seam shows across the feather band");

        // Box at the image corner, mask touching the border: still only the box is touched.
        const Mask corner = rect_mask(w, h, 0, 0, 20, 20);
        const Box cb = crop_box(corner, 8, 64, 64);
        const Image co = paste_back(orig, Image(16, 16, 3, 0), cb, corner, feather);
        QCOMPARE(co.at(0, 0, 0), uint8_t(0));
        QCOMPARE(co.at(w - 1, h - 1, 0), orig.at(w - 1, h - 1, 0));
        QVERIFY_THROWS_EXCEPTION(reverie::Error, paste_back(orig, gen, Box{0, 0, w + 1, h}, m, 4));
    }

    void extendCanvasForOutpainting() {
        Image rgb(20, 10, 3, 90);
        rgb.at(0, 0, 0) = 10;
        const ExtendedCanvas e = extend_canvas(rgb, 8, 0, 4, 6, CanvasFill::Edge, 3);
        QCOMPARE(e.image.width, 32);
        QCOMPARE(e.image.height, 16);
        QCOMPARE(e.original, (Box{8, 0, 28, 10}));
        QCOMPARE(e.image.at(8, 0, 0), uint8_t(10));  // the picture is untouched
        QCOMPARE(e.image.at(0, 0, 0), uint8_t(10));  // edge repeated
        QCOMPARE(e.mask.at(0, 5), uint8_t(255));     // new border
        QCOMPARE(e.mask.at(10, 5), uint8_t(255));    // overlap band on the extended left side
        QCOMPARE(e.mask.at(11, 0), uint8_t(0));      // kept: top was not extended
        QCOMPARE(e.mask.at(20, 6), uint8_t(0));
        QCOMPARE(e.mask.at(20, 7), uint8_t(255));  // bottom overlap band
        QCOMPARE(e.mask.at(25, 2), uint8_t(255));  // right overlap band
        QCOMPARE(e.mask.at(24, 2), uint8_t(0));
        const ExtendedCanvas g = extend_canvas(rgb, 4, 4, 4, 4, CanvasFill::Grey, 0);
        QCOMPARE(g.image.at(0, 0, 1), uint8_t(128));
        QCOMPARE(g.mask.at(4, 4), uint8_t(0));
        const ExtendedCanvas s = extend_canvas(rgb, 4, 4, 4, 4, CanvasFill::Smear, 2);
        QCOMPARE(s.image.at(0, 0, 1), uint8_t(90));  // smeared from the flat picture
        const ExtendedCanvas mir = extend_canvas(rgb, 2, 0, 0, 0, CanvasFill::Mirror, 0);
        QCOMPARE(mir.image.at(0, 0, 0), rgb.at(2, 0, 0));
        QVERIFY_THROWS_EXCEPTION(reverie::Error, extend_canvas(rgb, -1, 0, 0, 0));
    }
};

REVERIE_TEST_GUILESS_MAIN(TestMaskOps)
#include "tst_mask_ops.moc"
