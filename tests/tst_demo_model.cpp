// labels: unit model
// The shipped built-in model loads as the default, runs every sampler, inpaints without touching
// what lies outside the mask and keeps the layout in img2img (a small subset of `reverie-cli
// eval-demo`, with the same grader). It follows the global part of its captions — the background
// (93% on the full evaluation, chance 8%) and which colours appear (77%) — but not yet positions
// (18%; see its model card): those are asserted with a margin for the subset, positions printed.
#include <QtTest/QtTest>

#include <algorithm>

#include "core/demo/demo_evaluation.h"
#include "core/demo/shapes_analysis.h"
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
        o.inpaint_count = 3;
        o.img2img_count = 3;
        const auto r = demo::evaluate_demo_model(*model_, o);
        qInfo(
            "subset: background %.2f colour %.2f position %.2f shape %.2f inpaint %.2f/%.2f "
            "(outside |d| %.2f/%.2f) img2img kept %.2f (|d| %.2f)",
            r.background, r.colour, r.position, r.shape_kind, r.inpaint_whole,
            r.inpaint_masked_only, r.inpaint_whole_outside, r.inpaint_masked_only_outside,
            r.img2img_position, r.img2img_difference);
        QVERIFY(r.background >= 0.5);
        QVERIFY(r.colour >= 0.4);
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
        qInfo("%s: background %s", qPrintable(sampler),
              demo::colours()[size_t(demo::background_colour(result.image))].name);
    }
};

QTEST_GUILESS_MAIN(TestDemoModel)
#include "tst_demo_model.moc"
