#include "app/worker/atomic_files.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QJsonDocument>
#include <QSaveFile>

namespace reverie::app {

namespace {

QString cannot_write(const QString& path, const QString& why) {
    return QCoreApplication::translate("reverie::app::AtomicFiles", "Cannot write %1: %2")
        .arg(path, why);
}

QString write_bytes(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return cannot_write(path, file.errorString());
    return {};
}

}  // namespace

QString write_png(const QString& path, const QImage& image, const QString& parameters,
                  int quality) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return cannot_write(path, file.errorString());
    QImageWriter writer(&file, "png");
    writer.setQuality(quality);
    // QImage::setText, not QImageWriter::setText: the writer's variant collapses the newlines that
    // separate the prompt, the negative prompt and the settings line.
    QImage tagged = image;
    if (!parameters.isEmpty()) tagged.setText(QStringLiteral("parameters"), parameters);
    if (!writer.write(tagged)) {
        file.cancelWriting();
        return cannot_write(path, writer.errorString());
    }
    if (!file.commit()) return cannot_write(path, file.errorString());
    return {};
}

QString write_json(const QString& path, const QJsonObject& json) {
    return write_bytes(path, QJsonDocument(json).toJson(QJsonDocument::Indented));
}

QJsonObject read_json(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

}  // namespace reverie::app
