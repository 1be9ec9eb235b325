#include "ui/layer_commands.h"

#include "ui/mask_layer.h"

namespace reverie::ui {

namespace {

QSize stack_size(const LayerStackState& s) {
    return s.layers.empty() ? QSize() : s.layers.front().image.size();
}

}  // namespace

LayerStackCommand::LayerStackCommand(CanvasDocument* doc, LayerStackState before,
                                     LayerStackState after, const QString& text, int mergeId)
    : QUndoCommand(text),
      doc_(doc),
      before_(std::move(before)),
      after_(std::move(after)),
      resizes_(stack_size(before_) != stack_size(after_)),
      merge_id_(mergeId) {
    if (resizes_) mask_before_ = doc_->mask()->image();
}

void LayerStackCommand::undo() {
    doc_->applyState(before_);
    if (resizes_) doc_->mask()->setImage(mask_before_);
}

void LayerStackCommand::redo() {
    doc_->applyState(after_);
    if (!resizes_) return;
    if (mask_after_.size() == stack_size(after_))
        doc_->mask()->setImage(mask_after_);
    else
        doc_->mask()->reset(stack_size(after_));
}

bool LayerStackCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = static_cast<const LayerStackCommand*>(other);
    if (o->merge_id_ != merge_id_ || o->resizes_ || resizes_) return false;
    after_ = o->after_;
    return true;
}

}  // namespace reverie::ui
