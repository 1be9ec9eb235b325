// labels: unit model
// The shipped built-in model loads as the default, draws the asked picture with every sampler,
// inpaints without touching what lies outside the mask and keeps the layout in img2img, on a small
// subset of `reverie-cli eval-demo` with the same grader: background, colours, positions and
// inpainting are asserted with a margin below what the model scores (full evaluation in its
// model card: 100% / 95% / 84%, inpainting 85% whole picture, 91% only masked).
#include <QtTest/QtTest>

#include <algorithm>

#include "core/demo/demo_evaluation.h"
#include "core/demo/shapes_analysis.h"
#include "core/demo/shapes_scene.h"
#include "core/io/builtin_model.h"
#include "core/pipeline/pipeline.h"

using namespace reverie;

class TestDemoModel : public QObject {
    Q_OBJECT
    std::shared_ptr<pipeline::LoadedModel> model_;

  private Q_SLOTS:
    void initTestCase() {
        // Shipped in resources/models: missing is a broken checkout, not a reason to skip.
        model_ =
            pipeline::LoadedModel::load(io::builtin_model_path(), torch::kCPU, torch::kFloat32);
        QVERIFY(model_->description().recommended.from_model);
        QVERIFY(model_->taesd.has_value());
    }

    void followsCaptions() {
        demo::EvalOptions o;
        o.count = 6;
        o.inpaint_count = 12;
        o.img2img_count = 3;
        const auto r = demo::evaluate_demo_model(*model_, o);
        qInfo(
            "subset: background %.2f colour %.2f position %.2f shape %.2f inpaint %.2f/%.2f "
            "(outside |d| %.2f/%.2f) img2img kept %.2f (|d| %.2f)",
            r.background, r.colour, r.position, r.shape_kind, r.inpaint_whole,
            r.inpaint_masked_only, r.inpaint_whole_outside, r.inpaint_masked_only_outside,
            r.img2img_position, r.img2img_difference);
        qInfo("the VAE's reconstructions of the true pictures: colour %.2f position %.2f",
              r.ceiling_colour, r.ceiling_position);
        // Well below what the shipped model scores on these 6 + 12 + 3 cases (1.00, 1.00, 0.92,
        // inpainting 0.67 / 0.92: the first dozen are harder than the hundred), so a retrained
        // model that learnt the captions passes, one that did not fails.
        QVERIFY(r.background >= 0.8);
        QVERIFY(r.colour >= 0.6);
        QVERIFY(r.position >= 0.5);
        QVERIFY(r.inpaint_whole >= 0.5);
        QVERIFY(r.inpaint_masked_only >= 0.6);
        // A VAE that blurs shapes beyond the grader's reach caps every score above (run 4's: 0.91).
        QVERIFY(r.ceiling_colour >= 0.95);
        QVERIFY(r.ceiling_position >= 0.95);
        QVERIFY(r.inpaint_whole_outside < 3.0);
        QVERIFY(r.inpaint_masked_only_outside < 3.0);
        QVERIFY(r.img2img_position >= 0.6);
        QVERIFY(r.img2img_difference < 40.0);
    }

    void everySamplerGivesThePicture_data() {
        QTest::addColumn<QString>("sampler");
        for (const char* s : {"ddim", "pndm", "euler", "euler_a", "heun", "lms", "dpmpp_2m",
                              "dpmpp_2m_sde", "unipc", "lcm"})
            QTest::newRow(s) << QString(s);
    }
    void everySamplerGivesThePicture() {
        QFETCH(QString, sampler);
        pipeline::GenerationRequest req;
        req.prompt = "a large red circle in the center, on a blue background";
        req.sampler = sampler.toStdString();
        req.steps = sampler == "lcm" ? 8 : 20;
        req.cfg_scale = model_->description().recommended.cfg_scale;
        req.seed = 7;
        const auto result = pipeline::generate(*model_, req);
        QCOMPARE(result.image.width, 128);
        QCOMPARE(result.image.height, 128);
        // A picture, not a flat field or NaN noise: the decode varies and stays in range.
        const auto& px = result.image.data;
        const auto [lo, hi] = std::minmax_element(px.begin(), px.end());
        QVERIFY(int(*hi) - int(*lo) > 20);
        // And the picture asked for, whichever sampler draws it.
        demo::Scene asked;
        asked.background = demo::colour_index("blue");
        asked.shapes = {demo::SceneShape{demo::Shape::Circle, demo::colour_index("red"), true,
                                         demo::Position::Center}};
        const auto check = demo::check_scene(result.image, asked);
        qInfo("%s: background %s, red circle in the centre: %s", qPrintable(sampler),
              demo::colours()[size_t(check.background)].name,
              check.shapes.front().at_position ? "yes" : "no");
        QVERIFY(check.background_correct);
        QVERIFY(check.shapes.front().at_position);
    }
};

QTEST_GUILESS_MAIN(TestDemoModel)
#include "tst_demo_model.moc"
