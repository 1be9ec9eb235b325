#pragma once
// The tool bar over the canvas: the tools (mask brush, colour brush, colour picker, region), the
// current brush's size and hardness, the colour brush's colour and opacity, and the mask's whole-mask
// actions. The brush fields follow whichever tool is current.
#include <QToolBar>

class QSlider;
class QSpinBox;
class QToolButton;

namespace reverie::ui {

class CanvasView;

class CanvasToolBar : public QToolBar {
    Q_OBJECT
  public:
    // `actions` are the window's tool, eraser and show-mask actions, shown here too.
    CanvasToolBar(CanvasView* canvas, const QList<QAction*>& toolActions, QAction* eraser,
                  QAction* showMask, QWidget* parent = nullptr);

    QSpinBox* sizeSpin() const { return size_; }
    QSlider* hardnessSlider() const { return hardness_; }
    QSpinBox* opacitySpin() const { return opacity_; }
    QToolButton* colorButton() const { return color_; }

  private:
    void syncFromBrush();

    CanvasView* canvas_;
    QSpinBox* size_;
    QSlider* hardness_;
    QSpinBox* opacity_;
    QToolButton* color_;
    bool syncing_ = false;
};

}  // namespace reverie::ui
