// labels: unit
// The built-in model's world: scenes are a pure function of their seed, captions say what is
// drawn, and the analysis used to grade generated pictures reads true pictures correctly.
#include <QtTest/QtTest>
#include <set>

#include "core/demo/shapes_analysis.h"
#include "core/demo/shapes_scene.h"
#include "core/training/demo_recipe.h"

using namespace reverie;

class TestDemoShapes : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void scenesAreDeterministic() {
        const auto a = demo::render(demo::sample_scene(42));
        const auto b = demo::render(demo::sample_scene(42));
        QCOMPARE(a.width, 128);
        QCOMPARE(a.channels, 3);
        QVERIFY(a.data == b.data);
        QCOMPARE(demo::caption(demo::sample_scene(42)), demo::caption(demo::sample_scene(42)));
        QVERIFY(demo::caption(demo::sample_scene(42)) != demo::caption(demo::sample_scene(43)));
    }

    void captionReadsLikeTheIssue() {
        demo::Scene s;
        s.background = demo::colour_index("yellow");
        s.shapes.push_back(
            {demo::Shape::Circle, demo::colour_index("red"), true, demo::Position::Left});
        s.shapes.push_back(
            {demo::Shape::Square, demo::colour_index("blue"), false, demo::Position::Top});
        QCOMPARE(demo::caption(s), std::string("a large red circle on the left and a small blue "
                                               "square at the top, on a yellow background"));
        s.textured = true;
        s.british = true;
        s.shapes[0].position = demo::Position::Center;
        QCOMPARE(demo::caption(s),
                 std::string("a large red circle in the centre and a small blue "
                             "square at the top, on a textured yellow background"));
    }

    void sceneStatisticsCoverTheWorld() {
        std::set<int> counts, colours, backgrounds;
        std::set<demo::Shape> shapes;
        int textured = 0;
        for (int i = 0; i < 2000; ++i) {
            const auto s = demo::sample_scene(training::training_scene_seed(1, i));
            counts.insert(int(s.shapes.size()));
            backgrounds.insert(s.background);
            textured += s.textured;
            for (const auto& sh : s.shapes) {
                colours.insert(sh.colour);
                shapes.insert(sh.shape);
                QVERIFY2(sh.colour != s.background, "a shape never has the background's colour");
            }
        }
        QCOMPARE(counts, (std::set<int>{1, 2, 3}));
        QCOMPARE(int(colours.size()), demo::kColourCount);
        QCOMPARE(int(backgrounds.size()), demo::kColourCount);
        QCOMPARE(int(shapes.size()), demo::kShapeCount);
        QVERIFY(textured > 400 && textured < 1000);
    }

    void analysisReadsTruePictures() {
        // The grader must be (nearly) perfect on the renderer's own pictures, or the model's
        // scores would measure the grader.
        int bg = 0, colour = 0, position = 0, kind = 0, shapes = 0;
        const int n = 300;
        for (int i = 0; i < n; ++i) {
            const auto scene = demo::sample_scene(training::heldout_scene_seed(i));
            const auto check = demo::check_scene(demo::render(scene), scene);
            bg += check.background_correct;
            for (const auto& s : check.shapes) {
                ++shapes;
                colour += s.colour_present;
                position += s.at_position;
                kind += s.kind_correct;
            }
        }
        qInfo(
            "analysis on true pictures: background %d/%d, colour %d/%d, position %d/%d, shape "
            "%d/%d",
            bg, n, colour, shapes, position, shapes, kind, shapes);
        QCOMPARE(bg, n);
        QVERIFY(colour >= shapes * 99 / 100);
        QVERIFY(position >= shapes * 97 / 100);
        QVERIFY(kind >= shapes * 85 / 100);
    }

    void classifierSeparatesThePalette() {
        for (int i = 0; i < demo::kColourCount; ++i) {
            const auto& c = demo::colours()[size_t(i)];
            QCOMPARE(demo::classify_colour(c.r, c.g, c.b), i);
        }
    }

    void heldOutStreamIsDisjoint() {
        std::set<uint64_t> train;
        for (int i = 0; i < 10000; ++i) train.insert(training::training_scene_seed(1, i));
        for (int i = 0; i < 1000; ++i) QVERIFY(!train.count(training::heldout_scene_seed(i)));
    }
};

QTEST_GUILESS_MAIN(TestDemoShapes)
#include "tst_demo_shapes.moc"
