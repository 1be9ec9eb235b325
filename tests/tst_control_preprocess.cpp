// labels: unit
// ControlNet inputs without a model: the OpenCV preprocessors (canny, scribble, tile, inpaint
// hint), the control picture as a tensor, A1111's infotext of a unit, the guidance window.
#include "core/common/error.h"
#include "core/image/control_preprocess.h"
#include "core/pipeline/control_guidance.h"
#include "core/pipeline/control_parameters.h"
#include "tests/support/test_support.h"

using namespace reverie;
using image::Image;

namespace {

// A white picture with a black square outline (a drawing on paper), RGB.
Image drawing(int size = 64) {
    Image img(size, size, 3, 255);
    const int a = size / 4, b = 3 * size / 4 - 1;
    for (int i = a; i <= b; ++i)
        for (int c = 0; c < 3; ++c) {
            img.at(i, a, c) = img.at(i, b, c) = 0;
            img.at(a, i, c) = img.at(b, i, c) = 0;
        }
    return img;
}

int count_value(const Image& img, uint8_t v) {
    int n = 0;
    for (uint8_t x : img.data) n += x == v;
    return n;
}

}  // namespace

class TestControlPreprocess : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void names() {
        for (const char* n : {"none", "canny", "scribble", "tile", "inpaint"}) {
            const auto p = image::control_preprocess_from_name(n);
            QVERIFY(p.has_value());
            QCOMPARE(std::string(image::control_preprocess_name(*p)), std::string(n));
        }
        QVERIFY(!image::control_preprocess_from_name("depth").has_value());
    }

    void canny_finds_the_outline_only() {
        Image filled(64, 64, 3, 0);
        for (int y = 20; y < 44; ++y)
            for (int x = 20; x < 44; ++x)
                for (int c = 0; c < 3; ++c) filled.at(x, y, c) = 255;
        const Image e = image::canny_edges(filled);
        QCOMPARE(e.channels, 3);
        QCOMPARE(e.width, 64);
        QVERIFY(count_value(e, 255) > 0);
        QCOMPARE(int(e.at(32, 32)), 0);  // inside the square: no edge
        QCOMPARE(int(e.at(2, 2)), 0);    // far outside
        bool on_border = false;
        for (int d = -1; d <= 1; ++d) on_border = on_border || e.at(20 + d, 32) == 255;
        QVERIFY(on_border);
        QVERIFY_THROWS_EXCEPTION(Error, image::canny_edges(filled, 200, 100));
        // Thresholds above the square's gradient find nothing.
        QCOMPARE(count_value(image::preprocess_control(filled, image::ControlPreprocess::Canny,
                                                       {5000, 6000}),
                             255),
                 0);
        QVERIFY_THROWS_EXCEPTION(Error, image::canny_edges(Image()));
    }

    void scribble_is_white_strokes_on_black() {
        const Image s = image::scribble_strokes(drawing());
        QCOMPARE(s.channels, 3);
        QCOMPARE(int(s.at(16, 30)), 255);  // the line
        QCOMPARE(int(s.at(30, 30)), 0);    // the paper
        QCOMPARE(count_value(s, 0) + count_value(s, 255), int(s.data.size()));
        // Already white on black: kept as it is.
        const Image again = image::scribble_strokes(s);
        QCOMPARE(again.data, s.data);
        // Strokes on a transparent layer: the opaque pixels.
        Image layer(8, 8, 4, 0);
        layer.at(3, 3, 3) = 255;
        const Image l = image::scribble_strokes(layer);
        QCOMPARE(int(l.at(3, 3)), 255);
        QCOMPARE(int(l.at(0, 0)), 0);
    }

    void tile_is_a_smaller_copy() {
        const Image t = image::tile_resample(drawing(64), 4);
        QCOMPARE(t.width, 16);
        QCOMPARE(t.height, 16);
        QCOMPARE(int(t.at(0, 0)), 255);
        QVERIFY_THROWS_EXCEPTION(Error, image::tile_resample(drawing(), 0));
    }

    void hint_tensor_and_inpaint() {
        pipeline::ControlUnit unit;
        unit.image = drawing(32);
        // Resized to the output size, [0, 1], RGB.
        auto h = pipeline::control_hint(unit, nullptr, nullptr, 64, 48);
        QVERIFY(h.sizes() == torch::IntArrayRef({1, 3, 48, 64}));
        QCOMPARE(h.max().item<float>(), 1.0f);
        QVERIFY(h.min().item<float>() >= 0.0f);
        // The inpaint hint: the masked pixels are -1, the others the picture.
        unit.preprocess = image::ControlPreprocess::Inpaint;
        Image mask(32, 32, 1, 0);
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 32; ++x) mask.at(x, y) = 255;
        h = pipeline::control_hint(unit, nullptr, &mask, 32, 32);
        QCOMPARE(h[0][0][4][4].item<float>(), -1.0f);
        QCOMPARE(h[0][1][30][30].item<float>(), 1.0f);
        QVERIFY_THROWS_EXCEPTION(Error, pipeline::control_hint(unit, nullptr, nullptr, 32, 32));
        // No picture at all, no init image: an error naming the unit.
        pipeline::ControlUnit empty;
        QVERIFY_THROWS_EXCEPTION(Error, pipeline::control_hint(empty, nullptr, nullptr, 8, 8));
        // The init image stands in for a missing control picture.
        const Image init = drawing(16);
        QCOMPARE(pipeline::control_hint(empty, &init, nullptr, 16, 16).size(3), int64_t(16));
    }

    void infotext_round_trip() {
        pipeline::ControlUnit u;
        u.name = "control_v11p_sd15_scribble";
        u.scale = 0.65;
        u.start = 0.1;
        u.end = 0.8;
        u.mode = pipeline::ControlMode::Control;
        u.preprocess = image::ControlPreprocess::Scribble;
        u.resize = image::ResizeMode::CropAndResize;
        const std::string text = pipeline::control_unit_text(u);
        QVERIFY2(text.find("Control Mode: ControlNet is more important") != std::string::npos,
                 text.c_str());
        const auto back = pipeline::parse_control_unit_text(text);
        QCOMPARE(back.name, u.name);
        QCOMPARE(back.scale, u.scale);
        QCOMPARE(back.start, u.start);
        QCOMPARE(back.end, u.end);
        QVERIFY(back.mode == u.mode);
        QVERIFY(back.preprocess == u.preprocess);
        QVERIFY(back.resize == u.resize);
        // A1111's own text (its module names, extra keys) reads too.
        const auto a1111 = pipeline::parse_control_unit_text(
            "Module: tile_resample, Model: control_v11f1e_sd15_tile [a371b31b], Weight: 1.0, "
            "Resize Mode: Just Resize, Low Vram: False, Processor Res: 512, Guidance Start: 0.0, "
            "Guidance End: 1.0, Pixel Perfect: False, Control Mode: My prompt is more important");
        QVERIFY(a1111.preprocess == image::ControlPreprocess::Tile);
        QVERIFY(a1111.mode == pipeline::ControlMode::Prompt);
        QCOMPARE(a1111.scale, 1.0);
        QVERIFY_THROWS_EXCEPTION(Error, pipeline::parse_control_unit_text("Weight: strong"));
        // Canny's thresholds travel as A1111's Threshold A / B; other modules' are not Canny's.
        pipeline::ControlUnit edges;
        edges.preprocess = image::ControlPreprocess::Canny;
        edges.canny = {50, 120};
        const auto edges_back =
            pipeline::parse_control_unit_text(pipeline::control_unit_text(edges));
        QCOMPARE(edges_back.canny.low, 50.0);
        QCOMPARE(edges_back.canny.high, 120.0);
        QVERIFY(pipeline::control_unit_text(u).find("Threshold") == std::string::npos);
        const auto tiled = pipeline::parse_control_unit_text(
            "Module: tile_resample, Threshold A: 1, Threshold B: 2");
        QCOMPARE(tiled.canny.low, 100.0);
        // Units come back in index order from the settings line's extras.
        const auto units =
            pipeline::control_units_from_extra({{"ControlNet 1", "Model: b, Weight: 0.5"},
                                                {"Steps", "20"},
                                                {"ControlNet 0", "Model: a"}});
        QCOMPARE(units.size(), size_t(2));
        QCOMPARE(units[0].name, std::string("a"));
        QCOMPARE(units[1].scale, 0.5);
    }

    void guidance_window_rule() {
        // diffusers: step i of N is kept unless i/N < start or (i+1)/N > end.
        const double expected[6] = {0, 0, 1, 1, 0, 0};
        for (int i = 0; i < 6; ++i) QCOMPARE(pipeline::control_keep(i, 6, 0.2, 0.7), expected[i]);
        QCOMPARE(pipeline::control_keep(0, 5, 0.0, 1.0), 1.0);
        QCOMPARE(pipeline::control_keep(4, 5, 0.0, 0.99), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestControlPreprocess)
#include "tst_control_preprocess.moc"
