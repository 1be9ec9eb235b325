#pragma once
// A one-colour picture in the canvas's pixel format, for the widget tests (Qt only, no torch).
#include <QColor>
#include <QImage>

inline QImage solid(int w, int h, QColor c) {
    QImage img(w, h, QImage::Format_ARGB32_Premultiplied);
    img.fill(c);
    return img;
}
