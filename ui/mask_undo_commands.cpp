#include "ui/mask_undo_commands.h"

#include "ui/mask_layer.h"

namespace reverie::ui {

MaskInvertCommand::MaskInvertCommand(MaskLayer* layer, const QString& text)
    : QUndoCommand(text), layer_(layer) {}

void MaskInvertCommand::undo() {
    layer_->invertPixels(layer_->image().rect());
}
void MaskInvertCommand::redo() {
    layer_->invertPixels(layer_->image().rect());
}

}  // namespace reverie::ui
