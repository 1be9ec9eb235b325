#pragma once
// The one-line progress summary under the canvas: "step 5/20 · 3.1 it/s · 5 s left".
#include <QString>

namespace reverie::ui {

QString format_progress(int step, int total, double itPerSec);

}  // namespace reverie::ui
