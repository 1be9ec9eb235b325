#pragma once
// Undo entry for a painted rectangle: its pixels before and after, written back by the surface
// that owns them (the mask, an image layer).
#include <QImage>
#include <QRect>
#include <QUndoCommand>
#include <functional>

namespace reverie::ui {

class PixelPatchCommand : public QUndoCommand {
  public:
    using Writer = std::function<void(const QRect&, const QImage&)>;
    // The change is already applied when pushed; the first redo() does nothing.
    PixelPatchCommand(Writer write, const QRect& rect, QImage before, QImage after,
                      const QString& text);
    void undo() override;
    void redo() override;

  private:
    Writer write_;
    QRect rect_;
    QImage before_;
    QImage after_;
    bool applied_ = true;
};

}  // namespace reverie::ui
