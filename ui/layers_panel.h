#pragma once
// The layer stack of the canvas document, top layer first: visibility (the check box), name
// (double-click to rename), opacity of the active layer, and buttons to add, delete, move and
// merge down. Every change goes through the document, so it is undoable.
#include <QDockWidget>

class QListWidget;
class QSlider;
class QToolButton;

namespace reverie::ui {

class CanvasDocument;

class LayersPanel : public QDockWidget {
    Q_OBJECT
  public:
    explicit LayersPanel(CanvasDocument* document, QWidget* parent = nullptr);

    QListWidget* list() const { return list_; }
    QSlider* opacitySlider() const { return opacity_; }
    // The buttons by their object names: addLayer, deleteLayer, raiseLayer, lowerLayer, mergeDown.
    QToolButton* button(const QString& name) const;

  private:
    void rebuild();
    void syncActive();
    int rowToIndex(int row) const;
    int indexToRow(int index) const { return rowToIndex(index); }

    CanvasDocument* doc_;
    QListWidget* list_;
    QSlider* opacity_;
    bool rebuilding_ = false;
};

}  // namespace reverie::ui
