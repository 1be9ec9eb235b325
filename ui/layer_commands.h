#pragma once
// Undo entry for a layer operation: the layer stack before and after (shared pixels, no copies),
// and the mask too when the document's size changes with it. Opacity drags merge into one entry.
#include <QImage>
#include <QUndoCommand>

#include "ui/canvas_document.h"

namespace reverie::ui {

class LayerStackCommand : public QUndoCommand {
  public:
    LayerStackCommand(CanvasDocument* doc, LayerStackState before, LayerStackState after,
                      const QString& text, int mergeId = -1);
    void undo() override;
    void redo() override;
    int id() const override { return merge_id_; }
    bool mergeWith(const QUndoCommand* other) override;
    // For a resize that keeps a mask (an expanded canvas): the mask after it, else a blank one.
    void setMaskAfter(const QImage& mask) { mask_after_ = mask; }

  private:
    CanvasDocument* doc_;
    LayerStackState before_;
    LayerStackState after_;
    QImage mask_before_;  // only when the size changes
    QImage mask_after_;
    bool resizes_;
    int merge_id_;
};

}  // namespace reverie::ui
