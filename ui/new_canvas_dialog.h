#pragma once
#include <QSize>

class QWidget;

namespace reverie::ui {

// Asks for a new canvas size (multiples of 8); an invalid size when cancelled.
QSize ask_new_canvas_size(QWidget* parent, QSize initial);

}  // namespace reverie::ui
