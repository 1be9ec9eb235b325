#pragma once
// Undo entry for replacing the working image (a generation, a paste). A size change also resets
// the mask, so the mask before it is kept too.
#include <QImage>
#include <QUndoCommand>

namespace reverie::ui {

class CanvasView;

class ImageReplaceCommand : public QUndoCommand {
  public:
    ImageReplaceCommand(CanvasView* canvas, QImage after, const QString& text);
    void undo() override;
    void redo() override;

  private:
    CanvasView* canvas_;
    QImage before_;
    QImage after_;
    QImage mask_before_;  // only when the size changes
    bool resizes_;
};

}  // namespace reverie::ui
