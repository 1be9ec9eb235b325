// labels: gui
// Control layers and the ControlNet panel, driven with the mouse and keys: add a unit, draw a
// scribble on its layer, edit its settings, enable/disable, fill it through a preprocessor,
// remove it, undo each; the model list per family; .ora round trip; what a job carries.
#include <QAbstractButton>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest/QtTest>

#include "tests/support/mouse_stroke.h"
#include "tests/support/solid_image.h"

#include "ui/canvas_document.h"
#include "ui/canvas_view.h"
#include "ui/color_brush.h"
#include "ui/control_panel.h"
#include "ui/control_settings.h"
#include "ui/main_window.h"
#include "ui/openraster.h"
#include "ui/prompt_panel.h"

using namespace reverie::ui;

namespace {

constexpr QRgb kBackground = 0xff3060a0;

struct Fixture {
    MainWindow window;
    CanvasView* canvas = window.canvas();
    CanvasDocument* doc = canvas->document();
    ControlPanel* panel = window.controlPanel();
    Fixture() {
        canvas->setImage(solid(64, 64, QColor(kBackground)));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        canvas->zoomTo100();
        panel->setControlNetModels(
            {{QStringLiteral("/m/canny-sd15"), QStringLiteral("canny-sd15"),
              QStringLiteral("SD 1.x")},
             {QStringLiteral("/m/scribble-xl.safetensors"),
              QStringLiteral("scribble-xl.safetensors"), QStringLiteral("SDXL")}});
        panel->setModelFamily(QStringLiteral("SD 1.x"));
    }
    void click(const char* button) {
        QTest::mouseClick(panel->button(QLatin1String(button)), Qt::LeftButton);
    }
    int controlIndex() const { return doc->controlLayers().at(0); }
    const Layer& control() const { return doc->layer(controlIndex()); }
};

// Replaces a spin box's text by typing, as a user does.
void type_into(QDoubleSpinBox* spin, const QString& text) {
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, text);
    QTest::keyClick(spin, Qt::Key_Enter);
}

QStringList combo_paths(QComboBox* combo) {
    QStringList out;
    for (int i = 0; i < combo->count(); ++i) out << combo->itemData(i).toString();
    return out;
}

}  // namespace

class TestControlLayers : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void addUnitMakesAControlLayer() {
        Fixture f;
        const QImage before = f.canvas->image();
        f.click("addUnit");
        QCOMPARE(f.doc->layerCount(), 2);
        QVERIFY(f.doc->layer(1).isControl());
        QCOMPARE(f.doc->activeIndex(), 1);
        QCOMPARE(f.panel->unitList()->count(), 1);
        // Seen through, and ready to use: the first ControlNet that fits the model.
        QVERIFY(f.control().opacity < 1.0);
        QCOMPARE(f.control().control.model, QStringLiteral("/m/canny-sd15"));
        QCOMPARE(f.panel->modelCombo()->currentData().toString(), QStringLiteral("/m/canny-sd15"));
        // Not part of the picture a generation refines.
        QCOMPARE(f.canvas->image(), before);
        f.doc->undoStack()->undo();
        QCOMPARE(f.doc->layerCount(), 1);
        QCOMPARE(f.panel->unitList()->count(), 0);
        QVERIFY(!f.panel->modelCombo()->parentWidget()->isEnabled());
        f.doc->undoStack()->redo();
        QCOMPARE(f.panel->unitList()->count(), 1);
    }

    void drawsWhiteScribbleOnTheControlLayer() {
        Fixture f;
        f.click("addUnit");
        f.click("drawUnit");
        QCOMPARE(f.canvas->tool(), CanvasTool::ColorBrush);
        f.canvas->colorBrush()->setColor(
            Qt::red);  // whatever the colour: control strokes are white
        f.canvas->colorBrush()->setBrushSize(6);
        f.canvas->colorBrush()->setHardness(1.0);
        mouse_stroke(*f.canvas, {QPointF(10, 32), QPointF(30, 32), QPointF(54, 32)});
        const QImage layer = f.control().image;
        QCOMPARE(layer.pixel(32, 32), qRgb(255, 255, 255));
        QCOMPARE(qAlpha(layer.pixel(32, 5)), 0);
        // The picture is untouched; the background layer too.
        QCOMPARE(f.canvas->image().pixel(32, 32), kBackground);
        QCOMPARE(f.doc->layer(0).image.pixel(32, 32), kBackground);
        // What a job carries: white strokes on black.
        const QList<ControlInput> inputs = f.doc->controlInputs();
        QCOMPARE(inputs.size(), 1);
        QCOMPARE(inputs[0].image.pixel(32, 32), qRgb(255, 255, 255));
        QCOMPARE(inputs[0].image.pixel(32, 5), qRgb(0, 0, 0));
        QVERIFY(!inputs[0].image.hasAlphaChannel());
        f.doc->undoStack()->undo();
        QCOMPARE(qAlpha(f.control().image.pixel(32, 32)), 0);
        // An empty layer leaves the picture to the engine.
        QVERIFY(f.doc->controlInputs()[0].image.isNull());
    }

    void panelEditsAreUndoable() {
        Fixture f;
        f.click("addUnit");
        const int before = f.doc->undoStack()->count();
        type_into(f.panel->scaleSpin(), QStringLiteral("0.65"));
        QCOMPARE(f.control().control.scale, 0.65);
        // Typing is one undo step, not one per key.
        QCOMPARE(f.doc->undoStack()->count(), before + 1);
        type_into(f.panel->startSpin(), QStringLiteral("0.2"));
        type_into(f.panel->endSpin(), QStringLiteral("0.75"));
        QCOMPARE(f.control().control.start, 0.2);
        QCOMPARE(f.control().control.end, 0.75);
        // The control mode by keyboard: the combo opens a list; Down + Enter takes the next.
        QComboBox* mode = f.panel->modeCombo();
        mode->setFocus();
        QTest::keyClick(mode, Qt::Key_Down);
        QTRY_COMPARE(f.control().control.mode, QStringLiteral("prompt"));
        QComboBox* pre = f.panel->preprocessCombo();
        pre->setFocus();
        QTest::keyClick(pre, Qt::Key_Down);
        QTRY_COMPARE(f.control().control.preprocess, QStringLiteral("canny"));
        const ControlInput in = f.doc->controlInputs().at(0);
        QCOMPARE(in.settings.scale, 0.65);
        QCOMPARE(in.settings.mode, QStringLiteral("prompt"));
        f.doc->undoStack()->undo();
        f.doc->undoStack()->undo();
        QCOMPARE(f.control().control.mode, QStringLiteral("balanced"));
        QCOMPARE(mode->currentData().toString(), QStringLiteral("balanced"));
        while (f.doc->undoStack()->index() > before) f.doc->undoStack()->undo();
        QCOMPARE(f.doc->undoStack()->index(), before);
        QCOMPARE(f.control().control.scale, 1.0);
        QCOMPARE(f.panel->scaleSpin()->value(), 1.0);
    }

    void disabledUnitsAreLeftOutHiddenOnesNot() {
        Fixture f;
        f.click("addUnit");
        f.click("addUnit");
        QCOMPARE(f.doc->controlInputs().size(), 2);
        QListWidget* list = f.panel->unitList();
        QStyleOptionViewItem opt;
        opt.rect = list->visualItemRect(list->item(0));
        opt.features = QStyleOptionViewItem::HasCheckIndicator;
        const QRect box =
            list->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &opt, list);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::NoModifier, box.center());
        QTRY_COMPARE(f.doc->controlInputs().size(), 1);
        QVERIFY(!f.doc->layer(f.doc->controlLayers()[0]).control.enabled);
        // Hiding a layer only hides it from view.
        f.doc->setLayerVisible(f.doc->controlLayers()[1], false);
        QCOMPARE(f.doc->controlInputs().size(), 1);
        // A control picture never merges into a painting.
        f.doc->mergeDown(f.doc->controlLayers()[0]);
        QCOMPARE(f.doc->controlLayers().size(), size_t(2));
    }

    void removeUnitAndUndo() {
        Fixture f;
        f.click("addUnit");
        f.click("removeUnit");
        QCOMPARE(f.doc->layerCount(), 1);
        QVERIFY(f.doc->controlLayers().empty());
        QCOMPARE(f.panel->unitList()->count(), 0);
        f.doc->undoStack()->undo();
        QCOMPARE(f.doc->controlLayers().size(), size_t(1));
        QCOMPARE(f.panel->unitList()->count(), 1);
    }

    void modelListFollowsTheFamily() {
        Fixture f;
        f.click("addUnit");
        QComboBox* combo = f.panel->modelCombo();
        QVERIFY(combo_paths(combo).contains(QStringLiteral("/m/canny-sd15")));
        QVERIFY(!combo_paths(combo).contains(QStringLiteral("/m/scribble-xl.safetensors")));
        // The prompt panel's family reaches the ControlNet panel through the window.
        f.window.promptPanel()->setModelFamily(QStringLiteral("SDXL"));
        QVERIFY(combo_paths(combo).contains(QStringLiteral("/m/scribble-xl.safetensors")));
        // The unit's own choice stays visible, marked.
        QCOMPARE(combo->currentData().toString(), QStringLiteral("/m/canny-sd15"));
        QVERIFY(combo->currentText().contains(QStringLiteral("not for this model")));
        QVERIFY(controlnet_fits(QStringLiteral("SD 1.x"), QStringLiteral("SD 1.x inpainting")));
        QVERIFY(!controlnet_fits(QStringLiteral("SD 1.x"), QStringLiteral("SD 2.x")));
        QVERIFY(controlnet_fits(QStringLiteral("SDXL"), QString()));
        // Choosing by keyboard: "(choose…)" first, then the networks that fit.
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Home);
        QTRY_COMPARE(f.control().control.model, QString());
        QTest::keyClick(combo, Qt::Key_Down);
        QTRY_COMPARE(f.control().control.model, QStringLiteral("/m/scribble-xl.safetensors"));
    }

    void fillsFromThePictureThroughThePreprocessor() {
        Fixture f;
        QString seen;
        f.panel->setPreprocessor([&seen](const QImage& picture, const QString& name, QString*) {
            seen = name;
            QImage out = picture.convertToFormat(QImage::Format_RGB32);
            out.invertPixels();
            return out;
        });
        f.click("addUnit");
        QTest::mouseClick(f.panel->button(QStringLiteral("fillUnit")), Qt::LeftButton);
        QCOMPARE(seen, QStringLiteral("scribble"));
        QCOMPARE(f.control().image.pixel(3, 3), qRgb(255 - 0x30, 255 - 0x60, 255 - 0xa0));
        f.panel->setPreprocessor([](const QImage&, const QString&, QString* error) {
            *error = QStringLiteral("no edges here");
            return QImage();
        });
        QVERIFY(!f.panel->fillFromCanvas());
        QCOMPARE(f.panel->messageLabel()->text(), QStringLiteral("no edges here"));
        f.doc->undoStack()->undo();
        QCOMPARE(qAlpha(f.control().image.pixel(3, 3)), 0);
    }

    void openRasterKeepsTheUnit() {
        Fixture f;
        f.click("addUnit");
        ControlSettings c = f.control().control;
        c.scale = 0.4;
        c.mode = QStringLiteral("control");
        c.preprocess = QStringLiteral("tile");
        f.doc->setControlSettings(f.controlIndex(), c);
        f.doc->setLayerPixels(f.controlIndex(), solid(64, 64, Qt::white), QStringLiteral("fill"));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("units.ora"));
        QCOMPARE(save_openraster(path, *f.doc), QString());
        QString error;
        const auto loaded = load_openraster(path, &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->layers.size(), size_t(2));
        QVERIFY(!loaded->layers[0].isControl());
        QVERIFY(loaded->layers[1].isControl());
        QCOMPARE(loaded->layers[1].control, c);
        // The flattened picture inside is the painting alone.
        f.doc->resetLayers(loaded->layers);
        QCOMPARE(f.canvas->image().pixel(3, 3), kBackground);
        QCOMPARE(f.panel->unitList()->count(), 1);
        QVERIFY(!control_settings_from_text(QStringLiteral("not json")));
    }

    void aJobCarriesTheUnits() {
        Fixture f;
        f.click("addUnit");
        f.click("drawUnit");
        f.canvas->colorBrush()->setBrushSize(4);
        mouse_stroke(*f.canvas, {QPointF(5, 5), QPointF(40, 40)});
        QSignalSpy requested(&f.window, &MainWindow::generateRequested);
        f.window.requestGeneration();
        QCOMPARE(requested.count(), 1);
        const auto s = requested.at(0).at(0).value<GenerationSettings>();
        QCOMPARE(s.control.size(), 1);
        QCOMPARE(s.control[0].settings.model, QStringLiteral("/m/canny-sd15"));
        QCOMPARE(s.control[0].image.pixel(20, 20), qRgb(255, 255, 255));
        QCOMPARE(s.control[0].image.pixel(60, 2), qRgb(0, 0, 0));
        // The result lands under the control layer, which stays seen over it.
        f.window.onFinished(solid(64, 64, Qt::green), QStringLiteral("a result"));
        QCOMPARE(f.doc->layerCount(), 3);
        QVERIFY(f.doc->layer(2).isControl());
        QCOMPARE(f.doc->layer(1).parameters, QStringLiteral("a result"));
    }
};

QTEST_MAIN(TestControlLayers)
#include "tst_gui_control_layers.moc"
