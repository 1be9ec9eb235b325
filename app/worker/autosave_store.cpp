#include "app/worker/autosave_store.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QStandardPaths>
#include <QThread>

#include "app/worker/atomic_files.h"
#include "app/worker/settings_json.h"

namespace reverie::app {

namespace {

// Autosaves are written every few seconds and read back rarely: fast compression.
constexpr int kFastPng = 80;
const QString kSnapshot = QStringLiteral("snapshot.json");

// For the kill-and-restore test (tests/gui/kill_restore.py) only: REVERIE_TEST_AUTOSAVE_PAUSE_MS
// holds each save between its images and the snapshot.json that makes them current, so the test
// can kill the studio mid-save. It runs on the autosave thread; the window stays responsive.
void pause_for_kill_test() {
    static const int ms = qEnvironmentVariableIntValue("REVERIE_TEST_AUTOSAVE_PAUSE_MS");
    if (ms > 0) QThread::msleep(ms);
}

}  // namespace

AutosaveStore::AutosaveStore(QString dir) : dir_(std::move(dir)) {}

QString AutosaveStore::default_dir() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/autosave");
}

QString AutosaveStore::path(const QString& name) const {
    return QDir(dir_).filePath(name);
}

bool AutosaveStore::exists() const {
    return QFile::exists(path(kSnapshot));
}

void AutosaveStore::removeImages(const QStringList& keep) const {
    const QDir d(dir_);
    for (const QString& name :
         d.entryList({QStringLiteral("canvas*.png"), QStringLiteral("mask*.png")}, QDir::Files))
        if (!keep.contains(name)) QFile::remove(d.filePath(name));
}

QString AutosaveStore::save(const AutosaveSnapshot& s) const {
    const int generation =
        read_json(path(kSnapshot)).value(QLatin1String("generation")).toInt() + 1;
    QString canvas, mask, problem;
    if (!s.image.isNull()) {
        canvas = QStringLiteral("canvas-%1.png").arg(generation);
        problem = write_png(path(canvas), s.image, {}, kFastPng);
    }
    if (problem.isEmpty() && !s.mask.isNull()) {
        mask = QStringLiteral("mask-%1.png").arg(generation);
        problem = write_png(path(mask), s.mask, {}, kFastPng);
    }
    if (!problem.isEmpty()) return problem;
    pause_for_kill_test();
    QJsonObject j;
    j[QLatin1String("version")] = 2;
    j[QLatin1String("generation")] = generation;
    j[QLatin1String("saved")] = QDateTime::currentDateTime().toString(Qt::ISODateWithMs);
    j[QLatin1String("document_name")] = s.document_name;
    j[QLatin1String("canvas")] = canvas;
    j[QLatin1String("mask")] = mask;
    j[QLatin1String("settings")] = settings_to_json(s.settings);
    problem = write_json(path(kSnapshot), j);
    // The previous snapshot's images stay until this one is in place.
    if (problem.isEmpty()) removeImages({canvas, mask});
    return problem;
}

std::optional<AutosaveSnapshot> AutosaveStore::load() const {
    if (!exists()) return std::nullopt;
    const QJsonObject j = read_json(path(kSnapshot));
    if (j.isEmpty()) return std::nullopt;
    AutosaveSnapshot s;
    s.settings = settings_from_json(j.value(QLatin1String("settings")).toObject());
    s.document_name = j.value(QLatin1String("document_name")).toString();
    s.saved = QDateTime::fromString(j.value(QLatin1String("saved")).toString(), Qt::ISODateWithMs);
    const QString canvas = j.value(QLatin1String("canvas")).toString();
    if (!canvas.isEmpty()) {
        s.image = QImage(path(canvas));
        // A snapshot that promises an image it cannot deliver is not worth offering.
        if (s.image.isNull()) return std::nullopt;
    }
    const QString mask = j.value(QLatin1String("mask")).toString();
    if (!mask.isEmpty()) s.mask = QImage(path(mask)).convertToFormat(QImage::Format_Grayscale8);
    return s;
}

void AutosaveStore::clear() const {
    // The marker first, so a half-cleared folder is never offered.
    QFile::remove(path(kSnapshot));
    removeImages({});
}

}  // namespace reverie::app
