// labels: unit app
// The studio's ControlNet units as engine requests: a control layer painted with real mouse
// events and the panel's settings turned into GenerationRequest::control by the request builder;
// the preprocessors behind "From picture"; the ControlNet scan of the model folders, per family,
// on the goldens' tiny ControlNets.
#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "app/worker/control_pictures.h"
#include "app/worker/controlnet_scan.h"
#include "app/worker/model_defaults.h"
#include "app/worker/request_builder.h"
#include "tests/support/mouse_stroke.h"
#include "tests/support/solid_image.h"
#include "tests/support/test_support.h"
#include "ui/canvas_document.h"
#include "ui/color_brush.h"
#include "ui/control_panel.h"
#include "ui/main_window.h"

using namespace reverie;
using ui::ControlInput;
using ui::GenerationSettings;

namespace {

QString shared(const char* relative) {
    return QString::fromStdString(test::shared_path(relative));
}

// A folder laid out as ComfyUI keeps models: models/checkpoints beside models/controlnet.
struct ModelTree {
    QTemporaryDir dir;
    QString checkpoints;
    ModelTree(const QStringList& controlnets) {
        QDir root(dir.path());
        root.mkpath(QStringLiteral("models/checkpoints"));
        root.mkpath(QStringLiteral("models/controlnet/sd15"));
        checkpoints = root.filePath(QStringLiteral("models/checkpoints"));
        for (const QString& c : controlnets)
            QFile::link(c, root.filePath(QStringLiteral("models/controlnet/sd15/") +
                                         QFileInfo(c).fileName()));
        // Beside the ControlNets, files that are not ones.
        QFile::link(shared("golden/models/tiny-sd1.safetensors"),
                    root.filePath(QStringLiteral("models/controlnet/checkpoint.safetensors")));
        QFile junk(root.filePath(QStringLiteral("models/controlnet/broken.safetensors")));
        junk.open(QIODevice::WriteOnly);
        junk.write("\xff\xff\xff\xff\xff\xff\xff\x7fnot a header");
    }
};

}  // namespace

class TestWorkerControl : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void builderPassesTheUnits() {
        GenerationSettings s;
        QImage strokes(32, 32, QImage::Format_RGB32);
        strokes.fill(Qt::black);
        for (int x = 4; x < 28; ++x) strokes.setPixel(x, 16, qRgb(255, 255, 255));
        ui::ControlSettings a;
        a.model = QStringLiteral("/models/controlnet/control_v11p_sd15_scribble.safetensors");
        a.scale = 0.7;
        a.start = 0.1;
        a.end = 0.8;
        a.mode = QStringLiteral("control");
        a.preprocess = QStringLiteral("scribble");
        ui::ControlSettings b;
        b.model = QStringLiteral("/models/controlnet/tile-folder");
        b.preprocess = QStringLiteral("tile");
        b.mode = QStringLiteral("prompt");
        ui::ControlSettings c = a;
        c.preprocess = QStringLiteral("canny");
        s.control = {ControlInput{a, strokes}, ControlInput{b, QImage()}, ControlInput{c, strokes}};
        QCOMPARE(s.control.size(), 3);
        QCOMPARE(app::control_units(s.control).size(), size_t(3));
        const auto r = app::build_request(s, QImage(), QImage(), 3);
        QCOMPARE(r.control.size(), size_t(3));
        const pipeline::ControlUnit& u = r.control[0];
        QCOMPARE(QString::fromStdString(u.model), a.model);
        QCOMPARE(u.name, std::string("control_v11p_sd15_scribble"));
        QCOMPARE(u.scale, 0.7);
        QCOMPARE(u.start, 0.1);
        QCOMPARE(u.end, 0.8);
        QVERIFY(u.mode == pipeline::ControlMode::Control);
        QVERIFY(u.preprocess == image::ControlPreprocess::Scribble);
        QCOMPARE(u.image.width, 32);
        QCOMPARE(u.image.channels, 3);
        QCOMPARE(int(u.image.data[(16 * 32 + 10) * 3]), 255);
        QCOMPARE(int(u.image.data[(3 * 32 + 10) * 3]), 0);
        // An empty layer: the engine preprocesses the canvas picture.
        QVERIFY(r.control[1].image.empty());
        QVERIFY(r.control[1].preprocess == image::ControlPreprocess::Tile);
        QVERIFY(r.control[1].mode == pipeline::ControlMode::Prompt);
        QCOMPARE(r.control[1].name, std::string("tile-folder"));
        // A layer that already holds edges is not edge-detected again.
        QVERIFY(r.control[2].preprocess == image::ControlPreprocess::None);
    }

    // The whole path a user takes: add a unit, set its weight, draw, generate.
    void paintedUnitBecomesTheRequest() {
        ui::MainWindow w;
        w.canvas()->setImage(solid(48, 48, QColor(90, 120, 60)));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.canvas()->zoomTo100();
        ui::ControlPanel* panel = w.controlPanel();
        panel->setControlNetModels({{QStringLiteral("/nets/scribble"), QStringLiteral("scribble"),
                                     QStringLiteral("SD 1.x")}});
        QTest::mouseClick(panel->button(QStringLiteral("addUnit")), Qt::LeftButton);
        QDoubleSpinBox* scale = panel->scaleSpin();
        scale->setFocus();
        scale->selectAll();
        QTest::keyClicks(scale, QStringLiteral("0.55"));
        QTest::keyClick(scale, Qt::Key_Enter);
        QTest::mouseClick(panel->button(QStringLiteral("drawUnit")), Qt::LeftButton);
        w.canvas()->colorBrush()->setBrushSize(5);
        w.canvas()->colorBrush()->setHardness(1.0);
        mouse_stroke(*w.canvas(), {QPointF(4, 24), QPointF(24, 24), QPointF(44, 24)});
        QSignalSpy requested(&w, &ui::MainWindow::generateRequested);
        w.requestGeneration();
        QCOMPARE(requested.count(), 1);
        const auto s = requested.at(0).at(0).value<GenerationSettings>();
        const auto image = requested.at(0).at(1).value<QImage>();
        const auto r = app::build_request(s, image, QImage(), 7);
        QCOMPARE(r.control.size(), size_t(1));
        const pipeline::ControlUnit& u = r.control[0];
        QCOMPARE(u.model, std::string("/nets/scribble"));
        QCOMPARE(u.scale, 0.55);
        QVERIFY(u.preprocess == image::ControlPreprocess::Scribble);
        QCOMPARE(u.image.width, 48);
        auto at = [&u](int x, int y, int ch) { return int(u.image.data[(y * 48 + x) * 3 + ch]); };
        // White strokes on black, as a scribble ControlNet reads them.
        for (int ch = 0; ch < 3; ++ch) {
            QCOMPARE(at(24, 24, ch), 255);
            QCOMPARE(at(24, 5, ch), 0);
        }
        // The picture being refined is the painting alone, without the strokes.
        if (r.init_image) QCOMPARE(int(r.init_image->data[(24 * 48 + 24) * 3]), 90);
    }

    void preprocessorsFillTheLayer() {
        QImage picture(64, 64, QImage::Format_RGB32);
        picture.fill(Qt::black);
        for (int y = 16; y < 48; ++y)
            for (int x = 16; x < 48; ++x) picture.setPixel(x, y, qRgb(255, 255, 255));
        QString error;
        const QImage edges =
            app::preprocess_control_picture(picture, QStringLiteral("canny"), &error);
        QVERIFY2(!edges.isNull(), qPrintable(error));
        QCOMPARE(edges.size(), picture.size());
        // Edges along the square's border, none inside it or outside.
        int border = 0;
        for (int y = 14; y < 50; ++y) border += qRed(edges.pixel(16, y)) + qRed(edges.pixel(15, y));
        QVERIFY(border > 0);
        QCOMPARE(qRed(edges.pixel(32, 32)), 0);
        QCOMPARE(qRed(edges.pixel(2, 2)), 0);
        const QImage tile =
            app::preprocess_control_picture(picture, QStringLiteral("tile"), &error);
        QCOMPARE(tile.size(), picture.size());
        QVERIFY(app::preprocess_control_picture(picture, QStringLiteral("depth"), &error).isNull());
        QVERIFY(error.contains(QStringLiteral("depth")));
    }

    void scanListsTinyControlNetsPerFamily() {
        REVERIE_REQUIRE_SHARED(sd1, "golden/controlnet/models/tiny-sd1-controlnet");
        REVERIE_REQUIRE_SHARED(xl, "golden/controlnet/models/tiny-sdxl-controlnet");
        REVERIE_REQUIRE_SHARED(base, "golden/models/tiny-sd1");
        REVERIE_REQUIRE_SHARED(xlBase, "golden/sdxl/models/tiny-sdxl");
        ModelTree tree({QString::fromStdString(sd1), QString::fromStdString(xl),
                        shared("golden/controlnet/models/tiny-sd1-controlnet.safetensors")});
        const QList<ui::FoundModel> found = app::find_controlnets({tree.checkpoints});
        QStringList names;
        for (const auto& m : found) names << m.name + QLatin1Char('=') + m.family;
        QCOMPARE(names, QStringList({QStringLiteral("sd15/tiny-sd1-controlnet=SD 1.x"),
                                     QStringLiteral("sd15/tiny-sd1-controlnet.safetensors=SD 1.x"),
                                     QStringLiteral("sd15/tiny-sdxl-controlnet=SDXL")}));
        // The panel lists the SD 1.x ones for tiny-sd1 and not for tiny-sdxl.
        ui::CanvasDocument doc;
        doc.reset(solid(16, 16, Qt::gray));
        ui::ControlPanel panel(&doc);
        panel.setControlNetModels(found);
        auto listed = [&panel] {
            QStringList names;
            for (int i = 1; i < panel.modelCombo()->count(); ++i)
                names << QFileInfo(panel.modelCombo()->itemData(i).toString()).fileName();
            return names;
        };
        panel.setModelFamily(app::model_family(QString::fromStdString(base)));
        // A .ckpt is not read on the GUI thread for its family or defaults (all of it, unlike a
        // header): unknown, no defaults, no error.
        const QString ckpt =
            QString::fromStdString(test::scratch_dir()) + QStringLiteral("/m.ckpt");
        {
            QFile f(ckpt);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("PK\x03\x04 a pickle in a zip");
        }
        QCOMPARE(app::model_family(ckpt), QString());
        QString problem;
        QVERIFY(!app::with_model_defaults(ckpt, {}, &problem));
        QVERIFY(problem.isEmpty());
        panel.addUnit();
        QCOMPARE(listed(), QStringList({QStringLiteral("tiny-sd1-controlnet"),
                                        QStringLiteral("tiny-sd1-controlnet.safetensors")}));
        panel.setModelFamily(app::model_family(QString::fromStdString(xlBase)));
        // tiny-sdxl-controlnet, and the unit's SD 1.x choice marked as not for this model.
        QCOMPARE(listed().first(), QStringLiteral("tiny-sdxl-controlnet"));
        QVERIFY(panel.modelCombo()->currentText().contains(QStringLiteral("not for this model")));
        QCOMPARE(app::controlnet_family(shared("golden/models/tiny-sd1")), QString());
    }
};

REVERIE_TEST_MAIN_WITH(TestWorkerControl, QApplication)
#include "tst_worker_control.moc"
