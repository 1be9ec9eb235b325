#pragma once
// The document the canvas edits: a stack of image layers (bottom first), the inpainting mask and
// one undo stack for all of them. What a generation sees is flattened(): the visible layers
// composited with their opacity. Pixel edits (strokes) are undone by tile patches; layer
// operations by snapshots of the stack, which cost no pixel copies as QImage shares its data.
#include <QImage>
#include <QObject>
#include <QRect>
#include <vector>

class QUndoStack;

namespace reverie::ui {

class MaskLayer;

struct Layer {
    quint64 id = 0;
    QString name;
    QImage image;  // ARGB32_Premultiplied, the document's size
    bool visible = true;
    double opacity = 1.0;
    QString parameters;  // the A1111 text of a generated or opened picture; empty for paint
};

struct LayerStackState {
    std::vector<Layer> layers;
    int active = -1;
};

class CanvasDocument : public QObject {
    Q_OBJECT
  public:
    explicit CanvasDocument(QObject* parent = nullptr);

    QUndoStack* undoStack() const { return undo_; }
    MaskLayer* mask() const { return mask_; }
    QSize size() const { return size_; }
    bool isNull() const { return layers_.empty(); }

    const std::vector<Layer>& layers() const { return layers_; }
    int layerCount() const { return int(layers_.size()); }
    const Layer& layer(int index) const { return layers_.at(size_t(index)); }
    int indexOf(quint64 id) const;
    int activeIndex() const { return active_; }
    // The layer the colour brush paints on; null when there is none.
    Layer* activeLayer();
    // The visible layers composited, as a generation sees them.
    QImage flattened() const;
    // The parameters of the topmost visible layer that has any: what a saved PNG carries, so
    // saving after Undo describes what is on the canvas.
    QString parameters() const;

    // A new document of one layer; clears the history and the mask.
    void reset(const QImage& background, const QString& parameters = {});
    // Undoable: the whole stack becomes one layer of `image` (the mask is reset when the size
    // changes).
    void replaceAll(const QImage& image, const QString& undoText, const QString& parameters = {});
    // Undoable layer operations. A new layer goes above the active one and becomes active.
    void addLayer(const QImage& image, const QString& name, const QString& undoText = {},
                  const QString& parameters = {});
    void removeLayer(int index);
    void moveLayer(int from, int to);
    void setLayerVisible(int index, bool visible);
    void setLayerOpacity(int index, double opacity);
    void renameLayer(int index, const QString& name);
    void mergeDown(int index);

    // For undo commands and the brushes.
    LayerStackState state() const { return {layers_, active_}; }
    void applyState(const LayerStackState& state);
    void writeLayerPatch(quint64 id, const QRect& r, const QImage& patch);
    // A brush changed a layer's pixels in `r` (during a stroke: repaint only).
    void notifyPixels(const QRect& r) { invalidate(r); }
    void notifyContentChanged() { Q_EMIT contentChanged(); }

  public Q_SLOTS:
    void setActiveIndex(int index);

  Q_SIGNALS:
    // Composited pixels in `r` changed (views repaint that part).
    void pixelsChanged(const QRect& r);
    // The picture is different now (a finished stroke, a layer operation, a new document).
    void contentChanged();
    // Layers were added, removed, reordered, renamed, or changed visibility or opacity.
    void layersChanged();
    void activeLayerChanged(int index);
    void sizeChanged(QSize size);

  private:
    friend class LayerStackCommand;
    void push(LayerStackState after, const QString& text, int mergeId = -1);
    void invalidate(const QRect& r);
    quint64 newId() { return ++last_id_; }

    QUndoStack* undo_;
    MaskLayer* mask_;
    std::vector<Layer> layers_;
    int active_ = -1;
    QSize size_;
    quint64 last_id_ = 0;
    mutable QImage flat_;
    mutable bool flat_valid_ = false;
};

}  // namespace reverie::ui
