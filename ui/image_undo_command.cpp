#include "ui/image_undo_command.h"

#include "ui/canvas_view.h"
#include "ui/mask_layer.h"

namespace reverie::ui {

ImageReplaceCommand::ImageReplaceCommand(CanvasView* canvas, QImage after, const QString& text)
    : QUndoCommand(text),
      canvas_(canvas),
      before_(canvas->image()),
      after_(std::move(after)),
      resizes_(before_.size() != after_.size()) {
    if (resizes_) mask_before_ = canvas->mask()->image();
}

void ImageReplaceCommand::undo() {
    canvas_->applyImage(before_);
    if (resizes_) canvas_->mask()->setImage(mask_before_);
}

void ImageReplaceCommand::redo() {
    canvas_->applyImage(after_);
    if (resizes_) canvas_->mask()->reset(after_.size());
}

}  // namespace reverie::ui
