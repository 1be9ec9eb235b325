#pragma once
// Undo entry for inverting the mask (painted rectangles use PixelPatchCommand).
#include <QUndoCommand>

namespace reverie::ui {

class MaskLayer;

class MaskInvertCommand : public QUndoCommand {
  public:
    MaskInvertCommand(MaskLayer* layer, const QString& text);
    void undo() override;
    void redo() override;

  private:
    MaskLayer* layer_;
};

}  // namespace reverie::ui
