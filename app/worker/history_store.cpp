#include "app/worker/history_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QStandardPaths>

#include "app/worker/atomic_files.h"
#include "app/worker/settings_json.h"
#include "core/common/error.h"
#include "core/image/png_parameters.h"

namespace reverie::app {

namespace {

const QString kIdFormat = QStringLiteral("yyyyMMdd-HHmmss-zzz");

QImage make_thumbnail(const QImage& image) {
    return image.scaled(kHistoryThumbnail, kHistoryThumbnail, Qt::KeepAspectRatio,
                        Qt::SmoothTransformation);
}

std::optional<HistoryEntry> read_entry(const QDir& dir, const QString& id) {
    HistoryEntry e;
    e.id = id;
    e.image_path = dir.filePath(id + QStringLiteral(".png"));
    if (!QFileInfo::exists(e.image_path)) return std::nullopt;
    const QJsonObject sidecar = read_json(dir.filePath(id + QStringLiteral(".json")));
    e.settings = settings_from_json(sidecar.value(QLatin1String("settings")).toObject());
    e.created = QDateTime::fromString(sidecar.value(QLatin1String("created")).toString(),
                                      Qt::ISODateWithMs);
    // The engine's chunk reader: it decodes no pixels, and unlike QImageReader::text() it keeps
    // the newlines that separate prompt, negative prompt and settings.
    try {
        if (auto text = image::read_png_parameters(e.image_path.toStdString()))
            e.parameters = QString::fromStdString(*text);
    } catch (const Error&) {
        return std::nullopt;  // not a PNG after all
    }
    e.thumbnail = QImage(dir.filePath(id + QStringLiteral(".thumb.png")));
    if (e.thumbnail.isNull()) e.thumbnail = make_thumbnail(QImage(e.image_path));
    return e;
}

}  // namespace

HistoryStore::HistoryStore(QString dir, ui::HistoryModel* model, int cap)
    : dir_(std::move(dir)), cap_(std::max(1, cap)), model_(model) {
    QDir d(dir_);
    d.mkpath(QStringLiteral("."));
    QStringList ids;
    for (const QString& name : d.entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name))
        if (!name.endsWith(QLatin1String(".thumb.png"))) ids << QFileInfo(name).completeBaseName();
    // Only the newest are listed; older files stay on disk unread (the folder is the user's).
    const int first = std::max(0, int(ids.size()) - cap_);
    for (int i = first; i < ids.size(); ++i)
        if (auto e = read_entry(d, ids[i])) model_->append(std::move(*e));
    trim();
}

HistoryStore::HistoryStore(QString dir, int cap)
    : HistoryStore(std::move(dir), new ui::HistoryModel, cap) {
    own_model_.reset(model_);
}

HistoryStore::~HistoryStore() = default;

QString HistoryStore::default_dir() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/history");
}

std::vector<HistoryEntry> HistoryStore::entries() const {
    std::vector<HistoryEntry> out;
    for (int row = 0; row < model_->count(); ++row)
        if (!model_->at(row).image_path.isEmpty()) out.push_back(model_->at(row));
    return out;
}

const HistoryEntry* HistoryStore::find(const QString& id) const {
    const int row = model_->rowOf(id);
    return row < 0 ? nullptr : &model_->at(row);
}

QString HistoryStore::newId() const {
    // Several images may finish within a millisecond (tiny models): a counter keeps ids unique
    // and in order.
    const QString stamp = QDateTime::currentDateTime().toString(kIdFormat);
    QDir d(dir_);
    for (int n = 0;; ++n) {
        const QString id = stamp + QStringLiteral("-%1").arg(n, 3, 10, QLatin1Char('0'));
        if (!d.exists(id + QStringLiteral(".png")) && !find(id) && !reserved_.contains(id))
            return id;
    }
}

std::optional<HistoryEntry> HistoryStore::add(const QImage& image, const QString& parameters,
                                              const ui::GenerationSettings& settings,
                                              QString* error) {
    const QString id = reserveId();
    auto e = write(dir_, id, image, parameters, settings, error);
    reserved_.removeOne(id);
    if (e) {
        model_->append(*e);
        trim();
    }
    return e;
}

QString HistoryStore::reserveId() {
    const QString id = newId();
    reserved_ << id;
    return id;
}

void HistoryStore::written(const QString& id, const std::optional<HistoryEntry>& entry) {
    reserved_.removeOne(id);
    if (!entry)
        model_->setNotWritten(id);
    else
        model_->setWritten(id, *entry);  // false: its row left the list while being written
}

void HistoryStore::trim() {
    // The list is capped, the folder is not: a result that leaves the strip keeps its files
    // (they are the user's pictures; nothing is deleted behind their back).
    while (model_->count() > cap_) model_->takeFirst();
}

std::optional<HistoryEntry> HistoryStore::write(const QString& dir, const QString& id,
                                                const QImage& image, const QString& parameters,
                                                const ui::GenerationSettings& settings,
                                                QString* error) {
    HistoryEntry e;
    e.id = id;
    e.created = QDateTime::currentDateTime();
    e.parameters = parameters;
    e.settings = settings;
    e.thumbnail = make_thumbnail(image);
    const QDir d(dir);
    e.image_path = d.filePath(e.id + QStringLiteral(".png"));
    QJsonObject sidecar;
    sidecar[QLatin1String("version")] = 1;
    sidecar[QLatin1String("created")] = e.created.toString(Qt::ISODateWithMs);
    sidecar[QLatin1String("settings")] = settings_to_json(settings);
    // The sidecar first: an image without one still lists, one without an image does not.
    QString problem = write_json(d.filePath(e.id + QStringLiteral(".json")), sidecar);
    if (problem.isEmpty()) problem = write_png(e.image_path, image, parameters);
    // A missing thumbnail is made again from the image on the next start.
    if (problem.isEmpty()) write_png(d.filePath(e.id + QStringLiteral(".thumb.png")), e.thumbnail);
    if (!problem.isEmpty()) {
        if (error) *error = problem;
        return std::nullopt;
    }
    return e;
}

}  // namespace reverie::app
