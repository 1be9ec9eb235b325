#pragma once
// Reading and writing the working image: formats by file suffix, generation parameters kept in
// PNG text chunks (the "parameters" key other tools read).
#include <QImage>
#include <QString>

namespace reverie::ui {

// Returns an empty string on success, or a message to show the user.
QString save_image(const QString& path, const QImage& image, const QString& parameters);
// A null image and `*error` set on failure. EXIF orientation is applied.
QImage load_image(const QString& path, QString* error);
// File dialog filters.
QString open_image_filter();
QString save_image_filter();
// The seed in A1111-style parameters text ("..., Seed: 1234, ..."), or -1.
qint64 seed_from_parameters(const QString& parameters);

}  // namespace reverie::ui
