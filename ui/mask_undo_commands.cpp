#include "ui/mask_undo_commands.h"

#include "ui/mask_layer.h"

namespace reverie::ui {

MaskPatchCommand::MaskPatchCommand(MaskLayer* layer, const QRect& rect, QImage before, QImage after,
                                   const QString& text)
    : QUndoCommand(text),
      layer_(layer),
      rect_(rect),
      before_(std::move(before)),
      after_(std::move(after)) {}

void MaskPatchCommand::undo() {
    layer_->writePatch(rect_, before_);
    applied_ = false;
}

void MaskPatchCommand::redo() {
    if (applied_) return;
    layer_->writePatch(rect_, after_);
    applied_ = true;
}

MaskInvertCommand::MaskInvertCommand(MaskLayer* layer, const QString& text)
    : QUndoCommand(text), layer_(layer) {}

void MaskInvertCommand::undo() {
    layer_->invertPixels(layer_->image().rect());
}
void MaskInvertCommand::redo() {
    layer_->invertPixels(layer_->image().rect());
}

}  // namespace reverie::ui
