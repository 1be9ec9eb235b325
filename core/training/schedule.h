#pragma once
// Learning-rate schedule: linear warm-up, then a cosine decay to `floor`·base. `progress` is the
// fraction of the phase done, in [0, 1] — steps or wall-clock time, whichever the phase budgets.
#include <algorithm>
#include <cmath>

namespace reverie::training {

inline double cosine_lr(double base, double progress, double warmup = 0.03, double floor = 0.05) {
    progress = std::clamp(progress, 0.0, 1.0);
    if (progress < warmup) return base * progress / warmup;
    const double t = (progress - warmup) / (1.0 - warmup);
    return base * (floor + (1.0 - floor) * 0.5 * (1.0 + std::cos(3.14159265358979323846 * t)));
}

}  // namespace reverie::training
