#pragma once
// The document the canvas edits: a stack of layers (bottom first), the inpainting mask and one
// undo stack for all of them. Image layers make the picture; control layers hold the pictures of
// ControlNet units (shown over the picture, never part of it). What a generation sees is
// flattened(): the visible image layers composited with their opacity, plus the control layers.
// Pixel edits (strokes) are undone by tile patches; layer operations by snapshots of the stack,
// which cost no pixel copies as QImage shares its data.
#include <QImage>
#include <QMargins>
#include <QObject>
#include <QRect>
#include <vector>

#include "ui/control_settings.h"

class QUndoStack;

namespace reverie::ui {

class MaskLayer;

enum class LayerKind { Image, Control };

struct Layer {
    quint64 id = 0;
    QString name;
    QImage image;  // ARGB32_Premultiplied, the document's size
    bool visible = true;
    double opacity = 1.0;
    QString parameters;  // the A1111 text of a generated or opened picture; empty for paint
    LayerKind kind = LayerKind::Image;
    ControlSettings control;  // a control layer's ControlNet unit

    bool isControl() const { return kind == LayerKind::Control; }
};

// The visible image layers composited with their opacity onto a transparent picture of `size`
// (control layers are not part of the picture).
QImage flatten_layers(QSize size, const std::vector<Layer>& layers);

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
    // A new document of these layers (bottom first, all of one size), e.g. an opened .ora.
    void resetLayers(std::vector<Layer> layers);
    // Undoable: the whole stack becomes these layers (a restored autosave).
    void replaceLayers(std::vector<Layer> layers, const QString& undoText);
    // Undoable: the whole stack becomes one layer of `image` (the mask is reset when the size
    // changes).
    void replaceAll(const QImage& image, const QString& undoText, const QString& parameters = {});
    // Undoable layer operations. A new layer goes above the active one (below the control layers
    // there) and becomes active.
    void addLayer(const QImage& image, const QString& name, const QString& undoText = {},
                  const QString& parameters = {});
    void removeLayer(int index);
    void moveLayer(int from, int to);
    void setLayerVisible(int index, bool visible);
    void setLayerOpacity(int index, double opacity);
    void renameLayer(int index, const QString& name);
    void mergeDown(int index);
    // Undoable: every layer grows by `margins` (transparent there) and the mask with it: the new
    // border plus `overlap` pixels into the picture on each grown side are masked, the rest of
    // the mask is kept (outpainting).
    // The grown canvas stays within kMaxSide on each side (the margins are cut to fit).
    void expand(const QMargins& margins, int overlap);
    static constexpr int kMaxSide = 4096;
    // Undoable: a new, empty control layer (one ControlNet unit) on top of the stack, active.
    void addControlLayer(const ControlSettings& settings, const QString& name = {});
    // Undoable: a control layer's unit settings (a slider drag folds into one entry).
    void setControlSettings(int index, const ControlSettings& settings);
    // Undoable: a layer's pixels replaced by `image` (fitted to the document's size), e.g. a
    // control layer filled by a preprocessor or from a file.
    void setLayerPixels(int index, const QImage& image, const QString& undoText);
    // The indices of the control layers, bottom first (unit 0 is the lowest).
    std::vector<int> controlLayers() const;
    // The enabled units with their pictures, as a job carries them.
    QList<ControlInput> controlInputs() const;

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
