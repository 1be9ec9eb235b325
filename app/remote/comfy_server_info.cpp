// ComfyBackend's questions to a server outside any job, for Settings and the pickers: who it
// is (/system_stats) and what a node offers (/object_info).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "app/remote/comfy_backend.h"
#include "app/remote/comfy_client.h"
#include "core/common/error.h"
#include "core/remote/comfy_object_info.h"

namespace reverie::app {

void ComfyBackend::testConnection(
    std::function<void(const QString& summary, const QString& error)> done) {
    client_->get(QStringLiteral("/system_stats"), [done](const ComfyReply& r) {
        if (!r.ok()) {
            done({}, r.error);
            return;
        }
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        const QJsonObject system = o.value(QStringLiteral("system")).toObject();
        const QString version = system.value(QStringLiteral("comfyui_version")).toString();
        if (system.isEmpty()) {
            done({}, tr("This server does not answer as ComfyUI does (/system_stats)."));
            return;
        }
        QStringList parts{QStringLiteral("ComfyUI %1")
                              .arg(version.isEmpty() ? tr("(version unknown)") : version)};
        for (const QJsonValue& d : o.value(QStringLiteral("devices")).toArray()) {
            const QJsonObject dev = d.toObject();
            const double gb = 1024.0 * 1024.0 * 1024.0;
            parts << QStringLiteral("%1 · %2 GB VRAM (%3 free)")
                         .arg(dev.value(QStringLiteral("name")).toString())
                         .arg(dev.value(QStringLiteral("vram_total")).toDouble() / gb, 0, 'f', 1)
                         .arg(dev.value(QStringLiteral("vram_free")).toDouble() / gb, 0, 'f', 1);
        }
        done(parts.join(QStringLiteral(" · ")), {});
    });
}

void ComfyBackend::listCheckpoints(
    std::function<void(const QStringList& names, const QString& error)> done) {
    listChoices(client_->connection().loader, QStringLiteral("ckpt_name"), std::move(done));
}

void ComfyBackend::listChoices(
    const QString& node, const QString& input,
    std::function<void(const QStringList& names, const QString& error)> done) {
    client_->get(QStringLiteral("/object_info/") + node, [done, node, input](const ComfyReply& r) {
        if (!r.ok()) {
            done({}, r.error);
            return;
        }
        try {
            const remote::ComfyObjectInfo info(r.body.toStdString());
            QStringList names;
            for (const std::string& n : info.choices(node.toStdString(), input.toStdString()))
                names << QString::fromStdString(n);
            done(names, {});
        } catch (const Error& e) {
            done({}, QString::fromUtf8(e.what()));
        }
    });
}

}  // namespace reverie::app
