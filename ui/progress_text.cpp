#include "ui/progress_text.h"

#include <QCoreApplication>
#include <cmath>

namespace reverie::ui {

namespace {

struct ProgressText {
    Q_DECLARE_TR_FUNCTIONS(ProgressText)
};

QString format_duration(double seconds) {
    const int s = int(std::ceil(seconds));
    if (s < 60) return ProgressText::tr("%1 s").arg(s);
    return ProgressText::tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

QString format_progress(int step, int total, double itPerSec) {
    QString text = ProgressText::tr("step %1/%2").arg(step).arg(total);
    if (itPerSec > 0) {
        // Slow models read better as seconds per step, as in other studios.
        text += QStringLiteral(" · ") +
                (itPerSec >= 1.0 ? ProgressText::tr("%1 it/s").arg(itPerSec, 0, 'f', 2)
                                 : ProgressText::tr("%1 s/it").arg(1.0 / itPerSec, 0, 'f', 2));
        if (total > step)
            text += QStringLiteral(" · ") +
                    ProgressText::tr("%1 left").arg(format_duration((total - step) / itPerSec));
    }
    return text;
}

}  // namespace reverie::ui
