#include "app/worker/autosave_store.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QStandardPaths>

#include "app/worker/atomic_files.h"
#include "app/worker/settings_json.h"

namespace reverie::app {

namespace {

// Autosaves are written every few seconds and read back rarely: fast compression.
constexpr int kFastPng = 80;

}  // namespace

AutosaveStore::AutosaveStore(QString dir) : dir_(std::move(dir)) {}

QString AutosaveStore::default_dir() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/autosave");
}

QString AutosaveStore::path(const char* name) const {
    return QDir(dir_).filePath(QString::fromLatin1(name));
}

bool AutosaveStore::exists() const {
    return QFile::exists(path("snapshot.json"));
}

QString AutosaveStore::save(const AutosaveSnapshot& s) const {
    QString problem;
    if (s.image.isNull())
        QFile::remove(path("canvas.png"));
    else
        problem = write_png(path("canvas.png"), s.image, {}, kFastPng);
    if (!problem.isEmpty()) return problem;
    if (s.mask.isNull())
        QFile::remove(path("mask.png"));
    else
        problem = write_png(path("mask.png"), s.mask, {}, kFastPng);
    if (!problem.isEmpty()) return problem;
    QJsonObject j;
    j[QLatin1String("version")] = 1;
    j[QLatin1String("saved")] = QDateTime::currentDateTime().toString(Qt::ISODateWithMs);
    j[QLatin1String("document_name")] = s.document_name;
    j[QLatin1String("has_image")] = !s.image.isNull();
    j[QLatin1String("has_mask")] = !s.mask.isNull();
    j[QLatin1String("settings")] = settings_to_json(s.settings);
    return write_json(path("snapshot.json"), j);
}

std::optional<AutosaveSnapshot> AutosaveStore::load() const {
    if (!exists()) return std::nullopt;
    const QJsonObject j = read_json(path("snapshot.json"));
    if (j.isEmpty()) return std::nullopt;
    AutosaveSnapshot s;
    s.settings = settings_from_json(j.value(QLatin1String("settings")).toObject());
    s.document_name = j.value(QLatin1String("document_name")).toString();
    s.saved = QDateTime::fromString(j.value(QLatin1String("saved")).toString(), Qt::ISODateWithMs);
    if (j.value(QLatin1String("has_image")).toBool()) {
        s.image = QImage(path("canvas.png"));
        // A snapshot that promises an image it cannot deliver is not worth offering.
        if (s.image.isNull()) return std::nullopt;
    }
    if (j.value(QLatin1String("has_mask")).toBool())
        s.mask = QImage(path("mask.png")).convertToFormat(QImage::Format_Grayscale8);
    return s;
}

void AutosaveStore::clear() const {
    // The marker first, so a half-cleared folder is never offered.
    QFile::remove(path("snapshot.json"));
    QFile::remove(path("canvas.png"));
    QFile::remove(path("mask.png"));
}

}  // namespace reverie::app
