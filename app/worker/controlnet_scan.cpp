#include "app/worker/controlnet_scan.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <map>
#include <vector>

#include "app/worker/safetensors_peek.h"

namespace reverie::app {

namespace {

// A header larger than this is not a ControlNet's (they hold a few hundred tensors).
constexpr qint64 kMaxHeaderBytes = 16 << 20;

QString family_for(bool textTime, qint64 contextWidth) {
    if (textTime) return QStringLiteral("SDXL");
    return contextWidth == 1024 ? QStringLiteral("SD 2.x") : QStringLiteral("SD 1.x");
}

QString folder_family(const QDir& dir) {
    QFile f(dir.filePath(QStringLiteral("config.json")));
    if (!f.open(QIODevice::ReadOnly) || f.size() > kMaxHeaderBytes) return {};
    const QJsonObject j = QJsonDocument::fromJson(f.readAll()).object();
    // diffusers writes the class; ControlNet-XS, union and transformer ControlNets have others.
    if (j.value(QLatin1String("_class_name")).toString() != QLatin1String("ControlNetModel"))
        return {};
    return family_for(
        j.value(QLatin1String("addition_embed_type")).toString() == QLatin1String("text_time"),
        j.value(QLatin1String("cross_attention_dim")).toInteger());
}

QString file_family(const QString& path) {
    std::vector<io::TensorInfo> infos;
    std::map<std::string, std::string> metadata;
    if (!peek_safetensors(path, infos, metadata, nullptr, kMaxHeaderBytes)) return {};
    bool control = false, textTime = false, other = false;
    qint64 width = 0;
    for (const io::TensorInfo& t : infos) {
        const QString name = QString::fromStdString(t.name);
        if (name.contains(QLatin1String("input_hint_block")) ||
            name.contains(QLatin1String("controlnet_cond_embedding")))
            control = true;
        if (name.contains(QLatin1String("add_embedding")) ||
            name.contains(QLatin1String("label_emb")))
            textTime = true;
        // What the engine refuses by name (controlnet_file.cpp) is not offered either.
        if (name == QLatin1String("difference") || name.endsWith(QLatin1String(".difference")) ||
            name.contains(QLatin1String("lora_controlnet")) ||
            name.contains(QLatin1String("task_embedding")))
            other = true;
        if (width == 0 && name.endsWith(QLatin1String("attn2.to_k.weight")) && t.shape.size() == 2)
            width = qint64(t.shape[1]);
    }
    return control && !other ? family_for(textTime, width) : QString();
}

}  // namespace

QString controlnet_family(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir()) return folder_family(QDir(path));
    return info.isFile() ? file_family(path) : QString();
}

QList<ui::FoundModel> with_controlnet_families(const QList<ui::FoundModel>& candidates) {
    QList<ui::FoundModel> out;
    for (ui::FoundModel m : candidates) {
        m.family = controlnet_family(m.path);
        if (!m.family.isEmpty()) out.append(m);
    }
    return out;
}

QList<ui::FoundModel> find_controlnets(const QStringList& modelFolders) {
    return with_controlnet_families(ui::scan_controlnet_folders(modelFolders));
}

}  // namespace reverie::app
