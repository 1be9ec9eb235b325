#pragma once
// Undo entries for mask edits: the before/after pixels of a rectangle, or an inversion.
#include <QImage>
#include <QRect>
#include <QUndoCommand>

namespace reverie::ui {

class MaskLayer;

class MaskPatchCommand : public QUndoCommand {
  public:
    // The change is already applied when pushed; the first redo() does nothing.
    MaskPatchCommand(MaskLayer* layer, const QRect& rect, QImage before, QImage after,
                     const QString& text);
    void undo() override;
    void redo() override;

  private:
    MaskLayer* layer_;
    QRect rect_;
    QImage before_;
    QImage after_;
    bool applied_ = true;
};

class MaskInvertCommand : public QUndoCommand {
  public:
    MaskInvertCommand(MaskLayer* layer, const QString& text);
    void undo() override;
    void redo() override;

  private:
    MaskLayer* layer_;
};

}  // namespace reverie::ui
