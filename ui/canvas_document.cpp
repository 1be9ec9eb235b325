#include "ui/canvas_document.h"

#include <QPainter>
#include <QUndoStack>
#include <algorithm>

#include "ui/layer_commands.h"
#include "ui/mask_layer.h"
#include "ui/stroke_engine.h"

namespace reverie::ui {

namespace {

// One fixed format keeps painting and compositing on Qt's fast path.
QImage layer_pixels(const QImage& image) {
    return image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

// Merge ids of undo entries that fold into one while the user drags: one per layer.
constexpr int kOpacityMergeBase = 0x10000;
constexpr int kControlMergeBase = 0x20000;
// A control layer is seen through: the picture it steers stays visible under it.
constexpr double kControlOpacity = 0.6;

// `pixels` fitted and centred on a transparent picture of `size`: a layer always covers the
// document's pixel grid.
QImage fit_to(const QImage& pixels, QSize size) {
    if (pixels.size() == size) return pixels;
    QImage fitted(size, QImage::Format_ARGB32_Premultiplied);
    fitted.fill(Qt::transparent);
    const QImage scaled = pixels.scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    QPainter(&fitted).drawImage((size.width() - scaled.width()) / 2,
                                (size.height() - scaled.height()) / 2, scaled);
    return fitted;
}

}  // namespace

CanvasDocument::CanvasDocument(QObject* parent)
    : QObject(parent), undo_(new QUndoStack(this)), mask_(new MaskLayer(undo_, this)) {
    connect(mask_, &MaskLayer::changed, this, [this] {
        if (!mask_->inStroke()) Q_EMIT contentChanged();
    });
}

int CanvasDocument::indexOf(quint64 id) const {
    for (int i = 0; i < layerCount(); ++i)
        if (layers_[size_t(i)].id == id) return i;
    return -1;
}

Layer* CanvasDocument::activeLayer() {
    if (active_ < 0 || active_ >= layerCount()) return nullptr;
    return &layers_[size_t(active_)];
}

QImage flatten_layers(QSize size, const std::vector<Layer>& layers) {
    std::vector<const Layer*> shown;
    for (const Layer& l : layers)
        if (l.visible && l.opacity > 0 && !l.isControl()) shown.push_back(&l);
    // One opaque layer is the picture itself: shared, no copy.
    if (shown.size() == 1 && shown.front()->opacity >= 1.0) return shown.front()->image;
    QImage flat(size, QImage::Format_ARGB32_Premultiplied);
    if (flat.isNull()) return flat;
    flat.fill(Qt::transparent);
    QPainter p(&flat);
    for (const Layer* l : shown) {
        p.setOpacity(l->opacity);
        p.drawImage(0, 0, l->image);
    }
    return flat;
}

QImage CanvasDocument::flattened() const {
    if (!flat_valid_) {
        flat_ = flatten_layers(size_, layers_);
        flat_valid_ = true;
    }
    return flat_;
}

void CanvasDocument::invalidate(const QRect& r) {
    flat_valid_ = false;
    flat_ = QImage();
    Q_EMIT pixelsChanged(r);
}

QString CanvasDocument::parameters() const {
    for (auto l = layers_.rbegin(); l != layers_.rend(); ++l)
        if (l->visible && !l->parameters.isEmpty()) return l->parameters;
    return {};
}

void CanvasDocument::reset(const QImage& background, const QString& parameters) {
    undo_->clear();
    layers_.clear();
    active_ = -1;
    const QSize old = size_;
    size_ = background.size();
    if (!background.isNull()) {
        layers_.push_back(
            {newId(), tr("Background"), layer_pixels(background), true, 1.0, parameters});
        active_ = 0;
    }
    mask_->reset(size_);
    invalidate(QRect(QPoint(), size_));
    if (old != size_) Q_EMIT sizeChanged(size_);
    Q_EMIT layersChanged();
    Q_EMIT activeLayerChanged(active_);
    Q_EMIT contentChanged();
}

void CanvasDocument::resetLayers(std::vector<Layer> layers) {
    if (layers.empty()) return;
    reset(layers.front().image);
    for (Layer& l : layers) {
        l.id = newId();
        l.image = layer_pixels(l.image);
    }
    applyState({std::move(layers), 0});
}

void CanvasDocument::replaceLayers(std::vector<Layer> layers, const QString& undoText) {
    if (layers.empty()) return;
    for (Layer& l : layers) {
        l.id = newId();
        l.image = layer_pixels(l.image);
    }
    push({std::move(layers), 0}, undoText);
}

void CanvasDocument::applyState(const LayerStackState& state) {
    const QSize old = size_;
    layers_ = state.layers;
    active_ = std::clamp(state.active, layers_.empty() ? -1 : 0, layerCount() - 1);
    size_ = layers_.empty() ? QSize() : layers_.front().image.size();
    invalidate(QRect(QPoint(), size_));
    if (old != size_) Q_EMIT sizeChanged(size_);
    Q_EMIT layersChanged();
    Q_EMIT activeLayerChanged(active_);
    Q_EMIT contentChanged();
}

void CanvasDocument::push(LayerStackState after, const QString& text, int mergeId) {
    undo_->push(new LayerStackCommand(this, state(), std::move(after), text, mergeId));
}

void CanvasDocument::replaceAll(const QImage& image, const QString& undoText,
                                const QString& parameters) {
    LayerStackState s;
    s.layers.push_back({newId(), tr("Background"), layer_pixels(image), true, 1.0, parameters});
    s.active = 0;
    push(std::move(s), undoText);
}

void CanvasDocument::addLayer(const QImage& image, const QString& name, const QString& undoText,
                              const QString& parameters) {
    if (isNull()) {
        LayerStackState s;
        s.layers.push_back({newId(), name, layer_pixels(image), true, 1.0, parameters});
        s.active = 0;
        push(std::move(s), undoText.isEmpty() ? tr("New layer") : undoText);
        return;
    }
    const QImage pixels = fit_to(layer_pixels(image), size_);
    LayerStackState s = state();
    int at = std::clamp(active_ + 1, 0, layerCount());
    // A picture goes under the control layers stacked where it lands: they stay seen over it.
    while (at > 0 && s.layers[size_t(at - 1)].isControl()) --at;
    s.layers.insert(s.layers.begin() + at, Layer{newId(), name, pixels, true, 1.0, parameters});
    s.active = at;
    push(std::move(s), undoText.isEmpty() ? tr("New layer") : undoText);
}

void CanvasDocument::removeLayer(int index) {
    if (index < 0 || index >= layerCount()) return;
    LayerStackState s = state();
    const QString name = s.layers[size_t(index)].name;
    s.layers.erase(s.layers.begin() + index);
    if (s.layers.empty()) {
        // A document keeps one layer: the last one is emptied instead.
        QImage blank(size_, QImage::Format_ARGB32_Premultiplied);
        blank.fill(Qt::transparent);
        s.layers.push_back({newId(), tr("Background"), blank, true, 1.0, QString()});
    }
    s.active = std::min(index, int(s.layers.size()) - 1);
    push(std::move(s), tr("Delete layer “%1”").arg(name));
}

void CanvasDocument::moveLayer(int from, int to) {
    if (from < 0 || from >= layerCount() || to < 0 || to >= layerCount() || from == to) return;
    LayerStackState s = state();
    Layer l = s.layers[size_t(from)];
    s.layers.erase(s.layers.begin() + from);
    s.layers.insert(s.layers.begin() + to, l);
    s.active = to;
    push(std::move(s), tr("Move layer “%1”").arg(l.name));
}

void CanvasDocument::setLayerVisible(int index, bool visible) {
    if (index < 0 || index >= layerCount() || layer(index).visible == visible) return;
    LayerStackState s = state();
    s.layers[size_t(index)].visible = visible;
    push(std::move(s), visible ? tr("Show layer") : tr("Hide layer"));
}

void CanvasDocument::setLayerOpacity(int index, double opacity) {
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (index < 0 || index >= layerCount() || layer(index).opacity == opacity) return;
    LayerStackState s = state();
    s.layers[size_t(index)].opacity = opacity;
    push(std::move(s), tr("Layer opacity"), kOpacityMergeBase + int(layer(index).id % 0x7fff));
}

void CanvasDocument::renameLayer(int index, const QString& name) {
    if (index < 0 || index >= layerCount() || name.isEmpty() || layer(index).name == name) return;
    LayerStackState s = state();
    s.layers[size_t(index)].name = name;
    push(std::move(s), tr("Rename layer"));
}

void CanvasDocument::mergeDown(int index) {
    if (index <= 0 || index >= layerCount()) return;
    // A control picture and a painting do not mix: neither would mean anything afterwards.
    if (layer(index).isControl() || layer(index - 1).isControl()) return;
    LayerStackState s = state();
    const Layer& upper = s.layers[size_t(index)];
    Layer lower = s.layers[size_t(index - 1)];
    QImage merged(size_, QImage::Format_ARGB32_Premultiplied);
    merged.fill(Qt::transparent);
    {
        QPainter p(&merged);
        // A hidden layer contributes nothing, as on screen.
        if (lower.visible) {
            p.setOpacity(lower.opacity);
            p.drawImage(0, 0, lower.image);
        }
        if (upper.visible) {
            p.setOpacity(upper.opacity);
            p.drawImage(0, 0, upper.image);
        }
    }
    lower.image = merged;
    if (!upper.parameters.isEmpty()) lower.parameters = upper.parameters;
    lower.opacity = 1.0;
    lower.visible = true;
    const QString text = tr("Merge “%1” down").arg(upper.name);
    s.layers.erase(s.layers.begin() + index);
    s.layers[size_t(index - 1)] = lower;
    s.active = index - 1;
    push(std::move(s), text);
}

void CanvasDocument::addControlLayer(const ControlSettings& settings, const QString& name) {
    if (isNull()) return;
    QImage blank(size_, QImage::Format_ARGB32_Premultiplied);
    blank.fill(Qt::transparent);
    Layer l{newId(), name, blank, true, kControlOpacity, QString(), LayerKind::Control, settings};
    if (l.name.isEmpty()) l.name = tr("Control %1").arg(controlLayers().size() + 1);
    LayerStackState s = state();
    s.layers.push_back(l);
    s.active = int(s.layers.size()) - 1;
    push(std::move(s), tr("New control layer"));
}

void CanvasDocument::setControlSettings(int index, const ControlSettings& settings) {
    if (index < 0 || index >= layerCount() || !layer(index).isControl() ||
        layer(index).control == settings)
        return;
    // Typing or stepping one number folds into one entry; a choice (model, mode…) is its own.
    double ControlSettings::*const numbers[] = {&ControlSettings::scale, &ControlSettings::start,
                                                &ControlSettings::end};
    int mergeId = -1;
    for (int k = 0; k < 3; ++k) {
        ControlSettings only = layer(index).control;
        only.*numbers[k] = settings.*numbers[k];
        if (only == settings) mergeId = kControlMergeBase + int(layer(index).id % 0x1fff) * 4 + k;
    }
    LayerStackState s = state();
    s.layers[size_t(index)].control = settings;
    push(std::move(s), tr("ControlNet settings"), mergeId);
}

void CanvasDocument::setLayerPixels(int index, const QImage& image, const QString& undoText) {
    if (index < 0 || index >= layerCount() || image.isNull()) return;
    LayerStackState s = state();
    s.layers[size_t(index)].image = fit_to(layer_pixels(image), size_);
    push(std::move(s), undoText);
}

std::vector<int> CanvasDocument::controlLayers() const {
    std::vector<int> out;
    for (int i = 0; i < layerCount(); ++i)
        if (layer(i).isControl()) out.push_back(i);
    return out;
}

// Hiding a control layer only hides it from view; the unit's switch is `enabled`.
QList<ControlInput> CanvasDocument::controlInputs() const {
    QList<ControlInput> out;
    for (const int i : controlLayers()) {
        const Layer& l = layer(i);
        if (l.control.enabled) out.append({l.control, control_picture(l.image)});
    }
    return out;
}

void CanvasDocument::writeLayerPatch(quint64 id, const QRect& r, const QImage& patch) {
    const int i = indexOf(id);
    if (i < 0) return;
    write_patch(layers_[size_t(i)].image, r, patch);
    invalidate(r);
    Q_EMIT contentChanged();
}

void CanvasDocument::setActiveIndex(int index) {
    if (index < 0 || index >= layerCount() || index == active_) return;
    active_ = index;
    Q_EMIT activeLayerChanged(index);
}

void CanvasDocument::expand(const QMargins& margins, int overlap) {
    if (isNull() || margins.left() < 0 || margins.top() < 0 || margins.right() < 0 ||
        margins.bottom() < 0)
        return;
    QMargins m = margins;
    m.setLeft(std::min(m.left(), std::max(0, kMaxSide - size_.width())));
    m.setRight(std::min(m.right(), std::max(0, kMaxSide - size_.width() - m.left())));
    m.setTop(std::min(m.top(), std::max(0, kMaxSide - size_.height())));
    m.setBottom(std::min(m.bottom(), std::max(0, kMaxSide - size_.height() - m.top())));
    if (m.isNull()) return;
    const QSize bigger = size_.grownBy(m);
    LayerStackState after = state();
    for (Layer& l : after.layers) {
        QImage grown(bigger, QImage::Format_ARGB32_Premultiplied);
        grown.fill(Qt::transparent);
        QPainter p(&grown);
        p.drawImage(m.left(), m.top(), l.image);
        l.image = grown;
    }
    // The kept part of the old mask: the picture less an overlap band on each grown side, so the
    // seam is painted over too.
    const QRect picture(QPoint(m.left(), m.top()), size_);
    const auto band = [&](int margin, int side) {
        return margin > 0 ? std::min(overlap, side / 2) : 0;
    };
    const QRect kept =
        picture.adjusted(band(m.left(), size_.width()), band(m.top(), size_.height()),
                         -band(m.right(), size_.width()), -band(m.bottom(), size_.height()));
    QImage mask(bigger, QImage::Format_Grayscale8);
    mask.fill(255);
    const QImage& old = mask_->image();
    for (int y = kept.top(); y <= kept.bottom(); ++y) {
        uchar* dst = mask.scanLine(y) + kept.left();
        if (old.size() != size_) {
            std::fill(dst, dst + kept.width(), uchar(0));
            continue;
        }
        const uchar* src = old.constScanLine(y - picture.top()) + (kept.left() - picture.left());
        std::copy(src, src + kept.width(), dst);
    }
    auto* command = new LayerStackCommand(this, state(), std::move(after), tr("Expand canvas"));
    command->setMaskAfter(mask);
    undo_->push(command);
}

}  // namespace reverie::ui
