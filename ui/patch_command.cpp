#include "ui/patch_command.h"

namespace reverie::ui {

PixelPatchCommand::PixelPatchCommand(Writer write, const QRect& rect, QImage before, QImage after,
                                     const QString& text)
    : QUndoCommand(text),
      write_(std::move(write)),
      rect_(rect),
      before_(std::move(before)),
      after_(std::move(after)) {}

void PixelPatchCommand::undo() {
    write_(rect_, before_);
    applied_ = false;
}

void PixelPatchCommand::redo() {
    if (applied_) return;
    write_(rect_, after_);
    applied_ = true;
}

}  // namespace reverie::ui
