#pragma once
// The ControlNet units of the canvas (A1111's ControlNet section, Krita AI's control layers):
// one row per control layer with its enabled box, and the current unit's model, preprocessor,
// weight, start/end and control mode; add/remove a unit, draw on its layer, fill it from the
// canvas through the preprocessor, or load a picture into it. Every edit goes through the
// document, so it is undoable and saved with the layers.
#include <QDockWidget>
#include <functional>

#include "ui/model_scan.h"

class QAbstractButton;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QPushButton;
class QToolButton;
class QWidget;

namespace reverie::ui {

class CanvasDocument;
struct ControlSettings;

// Whether a ControlNet of `controlFamily` ("SD 1.x", "SD 2.x", "SDXL") steers a model of
// `baseFamily` (the prompt panel's; " inpainting" variants take their family's ControlNets).
// An unknown base family accepts every ControlNet.
bool controlnet_fits(const QString& controlFamily, const QString& baseFamily);

class ControlPanel : public QDockWidget {
    Q_OBJECT
  public:
    // The canvas picture -> the control picture for a preprocessor name (the app layer runs the
    // engine's OpenCV preprocessors); a null image and `*error` on failure.
    using Preprocessor =
        std::function<QImage(const QImage& picture, const QString& preprocess, QString* error)>;

    explicit ControlPanel(CanvasDocument* document, QWidget* parent = nullptr);

    void setPreprocessor(Preprocessor preprocessor);
    // The ControlNets found in the model folders (family filled in); the model combo lists those
    // that fit the current model's family.
    void setControlNetModels(const QList<reverie::ui::FoundModel>& models);
    const QList<FoundModel>& controlNetModels() const { return models_; }

    // The document index of the unit the editor shows; -1 when there is none.
    int currentLayer() const { return current_; }
    // Fills the current unit's layer from the canvas picture through its preprocessor / from a
    // picture file. False (and a message in the panel) when that cannot be done.
    bool fillFromCanvas();
    bool loadPicture(const QString& path);

    QListWidget* unitList() const { return units_; }
    QComboBox* modelCombo() const { return model_; }
    QComboBox* preprocessCombo() const { return preprocess_; }
    QComboBox* modeCombo() const { return mode_; }
    QDoubleSpinBox* scaleSpin() const { return scale_; }
    QDoubleSpinBox* startSpin() const { return start_; }
    QDoubleSpinBox* endSpin() const { return end_; }
    QLabel* messageLabel() const { return message_; }
    // addUnit, removeUnit, drawUnit, fillUnit, loadUnit, clearUnit.
    QAbstractButton* button(const QString& name) const;

  public Q_SLOTS:
    // The chosen model's family, as the prompt panel shows it.
    void setModelFamily(const QString& family);
    void addUnit();
    void removeUnit();

  Q_SIGNALS:
    // The user wants to paint on the current unit's layer (the window picks the brush).
    void drawRequested();

  private:
    QWidget* buildEditor();
    void connectEditor();
    void connectUnitList();
    void rebuild();
    void showUnit(int layerIndex);
    void fillModelCombo();
    void edit(const std::function<void(ControlSettings&)>& change);
    void say(const QString& message);

    CanvasDocument* doc_;
    Preprocessor preprocessor_;
    QList<FoundModel> models_;
    QString family_;
    int current_ = -1;
    bool syncing_ = false;
    QListWidget* units_;
    QWidget* editor_;
    QComboBox* model_;
    QComboBox* preprocess_;
    QComboBox* mode_;
    QDoubleSpinBox* scale_;
    QDoubleSpinBox* start_;
    QDoubleSpinBox* end_;
    QLabel* message_;
};

}  // namespace reverie::ui
