#pragma once
// Whole-file writes through QSaveFile: a crash mid-write leaves the old file, never half a file.
#include <QByteArray>
#include <QImage>
#include <QJsonObject>
#include <QString>

namespace reverie::app {

// Each returns an empty string on success, else a message naming the file.
// PNG with the "parameters" text chunk when `parameters` is not empty. `quality` is Qt's: for
// PNG, lower compresses harder and slower.
QString write_png(const QString& path, const QImage& image, const QString& parameters = {},
                  int quality = -1);
QString write_json(const QString& path, const QJsonObject& json);

// The object in a JSON file, or an empty object when it is missing or unreadable.
QJsonObject read_json(const QString& path);

}  // namespace reverie::app
