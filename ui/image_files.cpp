#include "ui/image_files.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QImageReader>
#include <QImageWriter>
#include <QPainter>
#include <QRegularExpression>
#include <QSaveFile>

namespace reverie::ui {

namespace {

struct ImageFiles {
    Q_DECLARE_TR_FUNCTIONS(ImageFiles)
};

}  // namespace

QString save_image(const QString& path, const QImage& image, const QString& parameters) {
    if (image.isNull()) return ImageFiles::tr("There is no image to save.");
    const QString suffix = QFileInfo(path).suffix().toLower();
    QByteArray format;
    if (suffix == QLatin1String("png"))
        format = "png";
    else if (suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg"))
        format = "jpeg";
    else if (suffix == QLatin1String("webp"))
        format = "webp";
    else
        return ImageFiles::tr("Choose a .png, .jpg or .webp file name.");
    if (!QImageWriter::supportedImageFormats().contains(format))
        return ImageFiles::tr("This system cannot write %1 files.")
            .arg(QString::fromLatin1(format));

    QImage out = image;
    // JPEG has no alpha: flatten onto white rather than let transparency turn black.
    if (format == "jpeg" && out.hasAlphaChannel()) {
        QImage flat(out.size(), QImage::Format_RGB32);
        flat.fill(Qt::white);
        QPainter(&flat).drawImage(0, 0, out);
        out = flat;
    }
    // QImage::setText, not QImageWriter::setText: the writer's variant collapses the newlines that
    // separate prompt, negative prompt and settings.
    if (format == "png" && !parameters.isEmpty())
        out.setText(QStringLiteral("parameters"), parameters);
    // Through a temporary file renamed into place: a crash or a full disk mid-write leaves the
    // file that was there, never half of the new one.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return ImageFiles::tr("Could not save %1: %2").arg(path, file.errorString());
    QImageWriter writer(&file, format);
    if (format != "png") writer.setQuality(95);
    if (!writer.write(out)) {
        file.cancelWriting();
        return ImageFiles::tr("Could not save %1: %2").arg(path, writer.errorString());
    }
    if (!file.commit())
        return ImageFiles::tr("Could not save %1: %2").arg(path, file.errorString());
    return {};
}

QImage load_image(const QString& path, QString* error) {
    QImageReader reader(path);
    reader.setAutoTransform(true);
    QImage image = reader.read();
    if (image.isNull() && error)
        *error = ImageFiles::tr("Could not open %1: %2").arg(path, reader.errorString());
    return image;
}

QString open_image_filter() {
    QStringList patterns;
    for (const QByteArray& f : QImageReader::supportedImageFormats())
        patterns << QStringLiteral("*.") + QString::fromLatin1(f);
    patterns << QStringLiteral("*.ora");
    return ImageFiles::tr("Images (%1)").arg(patterns.join(QLatin1Char(' '))) +
           QStringLiteral(";;") + ImageFiles::tr("All files (*)");
}

QString save_image_filter() {
    return ImageFiles::tr("PNG image (*.png)") + QStringLiteral(";;") +
           ImageFiles::tr("OpenRaster, with layers (*.ora)") + QStringLiteral(";;") +
           ImageFiles::tr("JPEG image (*.jpg *.jpeg)") + QStringLiteral(";;") +
           ImageFiles::tr("WebP image (*.webp)");
}

qint64 seed_from_parameters(const QString& parameters) {
    static const QRegularExpression re(QStringLiteral("(?:^|[,\\n]\\s*)Seed:\\s*(\\d+)"));
    const QRegularExpressionMatch m = re.match(parameters);
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

}  // namespace reverie::ui
