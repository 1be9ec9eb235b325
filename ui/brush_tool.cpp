#include "ui/brush_tool.h"

#include <algorithm>

namespace reverie::ui {

BrushTool::BrushTool(QObject* parent) : QObject(parent) {}

void BrushTool::setBrushSize(int diameter) {
    diameter = std::clamp(diameter, 1, 2048);
    if (diameter == brushSize()) return;
    engine_.setTip(diameter, hardness());
    Q_EMIT brushChanged();
}

void BrushTool::setHardness(double hardness) {
    hardness = std::clamp(hardness, 0.0, 1.0);
    if (hardness == this->hardness()) return;
    engine_.setTip(brushSize(), hardness);
    Q_EMIT brushChanged();
}

void BrushTool::setEraser(bool on) {
    if (on == eraser_) return;
    eraser_ = on;
    Q_EMIT brushChanged();
}

void BrushTool::growBrush() {
    setBrushSize(std::max(brushSize() + 1, int(brushSize() * 1.25)));
}

void BrushTool::shrinkBrush() {
    setBrushSize(std::min(brushSize() - 1, int(brushSize() / 1.25)));
}

}  // namespace reverie::ui
