#include "app/worker/session_dump.h"

#include <QCryptographicHash>
#include <QJsonArray>

#include "app/worker/settings_json.h"
#include "app/worker/studio_session.h"
#include "ui/canvas_document.h"
#include "ui/canvas_view.h"
#include "ui/main_window.h"
#include "ui/mask_layer.h"
#include "ui/prompt_panel.h"

namespace reverie::app {

QString pixel_digest(const QImage& image, QImage::Format format) {
    if (image.isNull()) return {};
    const QImage c = image.convertToFormat(format);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // Row by row: scan lines are padded to 4 bytes, and the padding is not the picture.
    const qsizetype row = qsizetype(c.width()) * c.depth() / 8;
    for (int y = 0; y < c.height(); ++y)
        hash.addData(QByteArrayView(reinterpret_cast<const char*>(c.constScanLine(y)), row));
    return QString::fromLatin1(hash.result().toHex());
}

QJsonObject session_state(const ui::MainWindow& window, const StudioSession& session) {
    QJsonObject j;
    const QImage& image = window.canvas()->image();
    j[QLatin1String("canvas_size")] =
        image.isNull() ? QString() : QStringLiteral("%1x%2").arg(image.width()).arg(image.height());
    j[QLatin1String("canvas")] = pixel_digest(image, QImage::Format_RGB32);
    const ui::MaskLayer* mask = window.canvas()->mask();
    j[QLatin1String("mask")] =
        mask->isEmpty() ? QString() : pixel_digest(mask->image(), QImage::Format_Grayscale8);
    j[QLatin1String("settings")] = settings_to_json(window.promptPanel()->settings());
    QJsonArray layers;
    for (const ui::Layer& l : window.canvas()->document()->layers())
        layers.append(
            QStringLiteral("%1 %2 %3 %4")
                .arg(l.name, l.visible ? QStringLiteral("shown") : QStringLiteral("hidden"))
                .arg(l.opacity)
                .arg(pixel_digest(l.image, QImage::Format_ARGB32_Premultiplied)));
    j[QLatin1String("layers")] = layers;
    QJsonArray queue;
    for (const ui::QueuedJob& job : window.queue()->jobs())
        queue.append(QStringLiteral("%1 %2x%3 %4")
                         .arg(job.settings.prompt)
                         .arg(job.settings.width)
                         .arg(job.settings.height)
                         .arg(pixel_digest(job.image, QImage::Format_RGB32)));
    j[QLatin1String("queue")] = queue;
    QJsonArray history;
    for (const HistoryEntry& e : session.history().entries()) {
        QJsonObject h;
        h[QLatin1String("id")] = e.id;
        h[QLatin1String("image")] = pixel_digest(QImage(e.image_path), QImage::Format_RGB32);
        history.append(h);
    }
    j[QLatin1String("history")] = history;
    return j;
}

}  // namespace reverie::app
