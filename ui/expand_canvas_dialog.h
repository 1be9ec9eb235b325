#pragma once
// Asks how far to expand (outpaint) the canvas on each side, as A1111's outpainting scripts and
// Krita's canvas size dialog do: pixels per side, and how far the mask reaches back into the
// picture so the seam is repainted too.
#include <QMargins>
#include <QSize>

class QWidget;

namespace reverie::ui {

struct CanvasExpansion {
    QMargins margins;  // all zero when cancelled
    int overlap = 8;
};

// The dialog is named "expandCanvasDialog"; its fields "expandLeft", "expandTop", "expandRight",
// "expandBottom", "expandOverlap". Sides are rounded to multiples of 8 so the canvas stays a
// size the models take; the grown canvas is kept at most 4096 on a side.
CanvasExpansion ask_canvas_expansion(QWidget* parent, QSize canvas);

}  // namespace reverie::ui
