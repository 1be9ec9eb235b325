#include "ui/control_settings.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <algorithm>

namespace reverie::ui {

bool ControlSettings::operator==(const ControlSettings& o) const {
    return enabled == o.enabled && model == o.model && scale == o.scale && start == o.start &&
           end == o.end && mode == o.mode && preprocess == o.preprocess;
}

const QStringList& control_mode_names() {
    static const QStringList names = {QStringLiteral("balanced"), QStringLiteral("prompt"),
                                      QStringLiteral("control")};
    return names;
}

const QStringList& control_preprocess_names() {
    static const QStringList names = {QStringLiteral("scribble"), QStringLiteral("canny"),
                                      QStringLiteral("tile"), QStringLiteral("inpaint"),
                                      QStringLiteral("none")};
    return names;
}

QString control_settings_to_text(const ControlSettings& c) {
    QJsonObject j;
    j[QLatin1String("enabled")] = c.enabled;
    j[QLatin1String("model")] = c.model;
    j[QLatin1String("scale")] = c.scale;
    j[QLatin1String("start")] = c.start;
    j[QLatin1String("end")] = c.end;
    j[QLatin1String("mode")] = c.mode;
    j[QLatin1String("preprocess")] = c.preprocess;
    return QString::fromUtf8(QJsonDocument(j).toJson(QJsonDocument::Compact));
}

std::optional<ControlSettings> control_settings_from_text(const QString& text) {
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    if (!doc.isObject()) return std::nullopt;
    const QJsonObject j = doc.object();
    ControlSettings c;
    c.enabled = j.value(QLatin1String("enabled")).toBool(c.enabled);
    c.model = j.value(QLatin1String("model")).toString();
    c.scale = std::clamp(j.value(QLatin1String("scale")).toDouble(c.scale), 0.0, 2.0);
    c.start = std::clamp(j.value(QLatin1String("start")).toDouble(c.start), 0.0, 1.0);
    c.end = std::clamp(j.value(QLatin1String("end")).toDouble(c.end), c.start, 1.0);
    const QString mode = j.value(QLatin1String("mode")).toString();
    if (control_mode_names().contains(mode)) c.mode = mode;
    const QString pre = j.value(QLatin1String("preprocess")).toString();
    if (control_preprocess_names().contains(pre)) c.preprocess = pre;
    return c;
}

QImage control_picture(const QImage& layerPixels) {
    if (layerPixels.isNull()) return {};
    const QImage argb = layerPixels.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    bool any = false;
    for (int y = 0; y < argb.height() && !any; ++y) {
        const QRgb* row = reinterpret_cast<const QRgb*>(argb.constScanLine(y));
        for (int x = 0; x < argb.width(); ++x)
            if (qAlpha(row[x]) != 0) {
                any = true;
                break;
            }
    }
    if (!any) return {};
    QImage picture(argb.size(), QImage::Format_RGB32);
    picture.fill(Qt::black);
    QPainter(&picture).drawImage(0, 0, argb);
    return picture;
}

}  // namespace reverie::ui
