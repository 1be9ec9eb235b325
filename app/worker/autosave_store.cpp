#include "app/worker/autosave_store.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QStandardPaths>
#include <QThread>

#include "app/worker/atomic_files.h"
#include "app/worker/settings_json.h"
#include "ui/openraster.h"

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
         d.entryList({QStringLiteral("canvas*.png"), QStringLiteral("mask*.png"),
                      QStringLiteral("layers*.ora"), QStringLiteral("queue*.png")},
                     QDir::Files))
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
    QString layers;
    if (problem.isEmpty() && s.layers.size() > 1) {
        layers = QStringLiteral("layers-%1.ora").arg(generation);
        problem = ui::save_openraster(path(layers), s.image.size(), s.layers, s.parameters);
    }
    QStringList written{canvas, mask, layers};
    QJsonArray queue;
    for (size_t i = 0; i < s.queue.size() && problem.isEmpty(); ++i) {
        const ui::QueuedJob& job = s.queue[i];
        if (job.live) continue;  // out of date by the next start; the next edit asks again
        QJsonObject q;
        q[QLatin1String("settings")] = settings_to_json(job.settings);
        q[QLatin1String("mode")] = int(job.mode);
        if (!job.region.isEmpty())
            q[QLatin1String("region")] =
                QJsonArray{job.region.x(), job.region.y(), job.region.width(), job.region.height()};
        for (const auto& [key, picture] : {std::pair{QStringLiteral("image"), job.image},
                                           std::pair{QStringLiteral("mask"), job.mask}}) {
            if (picture.isNull()) continue;
            const QString name =
                QStringLiteral("queue-%1-%2-%3.png").arg(generation).arg(i).arg(key);
            problem = write_png(path(name), picture, {}, kFastPng);
            q[key] = name;
            written << name;
        }
        queue.append(q);
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
    j[QLatin1String("layers")] = layers;
    j[QLatin1String("queue")] = queue;
    j[QLatin1String("settings")] = settings_to_json(s.settings);
    problem = write_json(path(kSnapshot), j);
    // The previous snapshot's images stay until this one is in place.
    if (problem.isEmpty()) removeImages(written);
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
    const QString layers = j.value(QLatin1String("layers")).toString();
    if (!layers.isEmpty()) {
        QString error;
        // Unreadable layers still leave the flattened canvas to restore.
        if (auto doc = ui::load_openraster(path(layers), &error)) s.layers = doc->layers;
    }
    for (const QJsonValue& v : j.value(QLatin1String("queue")).toArray()) {
        const QJsonObject q = v.toObject();
        ui::QueuedJob job;
        job.settings = settings_from_json(q.value(QLatin1String("settings")).toObject());
        job.mode = ui::GenerationMode(std::clamp(q.value(QLatin1String("mode")).toInt(), 0, 2));
        const QJsonArray region = q.value(QLatin1String("region")).toArray();
        if (region.size() == 4)
            job.region =
                QRect(region[0].toInt(), region[1].toInt(), region[2].toInt(), region[3].toInt());
        const QString image = q.value(QLatin1String("image")).toString();
        const QString jobMask = q.value(QLatin1String("mask")).toString();
        if (!image.isEmpty()) job.image = QImage(path(image));
        if (!jobMask.isEmpty())
            job.mask = QImage(path(jobMask)).convertToFormat(QImage::Format_Grayscale8);
        s.queue.push_back(job);
    }
    return s;
}

void AutosaveStore::clear() const {
    // The marker first, so a half-cleared folder is never offered.
    QFile::remove(path(kSnapshot));
    removeImages({});
}

}  // namespace reverie::app
