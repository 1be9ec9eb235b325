#include "ui/model_scan.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <algorithm>

namespace reverie::ui {

namespace {

// Deep enough for A1111's habit of sorting checkpoints into subfolders, shallow enough that a
// user pointing at their home folder does not wait.
constexpr int kMaxDepth = 3;

bool is_diffusers_folder(const QDir& dir) {
    return dir.exists(QStringLiteral("model_index.json"));
}

// Files that sit beside checkpoints but are not models.
bool is_model_file(const QFileInfo& f) {
    // .ckpt: A1111-era checkpoints, read by the engine's restricted (data-only) pickle reader.
    const QString suffix = f.suffix().toLower();
    if (suffix != QLatin1String("safetensors") && suffix != QLatin1String("ckpt")) return false;
    const QString base = f.completeBaseName().toLower();
    return !base.endsWith(QLatin1String(".vae"));
}

void scan(const QDir& root, const QDir& dir, int depth, QList<FoundModel>& out) {
    if (is_diffusers_folder(dir)) {
        QString name = root.relativeFilePath(dir.absolutePath());
        if (name == QLatin1String(".")) name = dir.dirName();
        out.append({dir.absolutePath(), name});
        return;
    }
    const QFileInfoList files = dir.entryInfoList(QDir::Files | QDir::Readable, QDir::Name);
    for (const QFileInfo& f : files)
        if (is_model_file(f))
            out.append({f.absoluteFilePath(), root.relativeFilePath(f.absoluteFilePath())});
    if (depth >= kMaxDepth) return;
    const QFileInfoList subdirs =
        dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Readable, QDir::Name);
    for (const QFileInfo& d : subdirs) scan(root, QDir(d.absoluteFilePath()), depth + 1, out);
}

// An A1111 or ComfyUI installation root: look where it keeps checkpoints.
QDir checkpoint_folder(const QDir& dir) {
    for (const char* sub : {"models/Stable-diffusion", "models/checkpoints"}) {
        const QString p = dir.filePath(QString::fromLatin1(sub));
        if (QFileInfo(p).isDir()) return QDir(p);
    }
    return dir;
}

bool is_diffusers_controlnet(const QDir& dir) {
    if (!dir.exists(QStringLiteral("config.json"))) return false;
    for (const char* w :
         {"diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.fp16.safetensors"})
        if (dir.exists(QString::fromLatin1(w))) return true;
    return false;
}

void scan_controlnets(const QDir& root, const QDir& dir, int depth, QList<FoundModel>& out) {
    if (is_diffusers_controlnet(dir)) {
        out.append({dir.absolutePath(),
                    root == dir ? dir.dirName() : root.relativeFilePath(dir.absolutePath())});
        return;
    }
    for (const QFileInfo& f : dir.entryInfoList(QDir::Files | QDir::Readable, QDir::Name))
        if (f.suffix().toLower() == QLatin1String("safetensors"))
            out.append({f.absoluteFilePath(), root.relativeFilePath(f.absoluteFilePath())});
    if (depth >= kMaxDepth) return;
    for (const QFileInfo& d :
         dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Readable, QDir::Name))
        scan_controlnets(root, QDir(d.absoluteFilePath()), depth + 1, out);
}

// One folder's finds by name, appended unless the same file was found through another folder.
void append_sorted_unseen(QList<FoundModel>& here, QSet<QString>& seen, QList<FoundModel>& found) {
    std::stable_sort(here.begin(), here.end(), [](const FoundModel& a, const FoundModel& b) {
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    for (const FoundModel& m : here) {
        const QString key = QFileInfo(m.path).canonicalFilePath();
        if (seen.contains(key)) continue;
        seen.insert(key);
        found.append(m);
    }
}

}  // namespace

QList<FoundModel> scan_controlnet_folders(const QStringList& modelFolders) {
    QList<FoundModel> found;
    QSet<QString> seen, roots;
    for (const QString& folder : modelFolders) {
        if (folder.isEmpty() || !QFileInfo(folder).isDir()) continue;
        const QDir dir(folder);
        QStringList candidates;
        for (const QString& base : {dir.absolutePath(), dir.absoluteFilePath(QStringLiteral("..")),
                                    dir.absoluteFilePath(QStringLiteral("models"))})
            for (const char* sub : {"ControlNet", "controlnet"})
                candidates << QDir(base).absoluteFilePath(QString::fromLatin1(sub));
        for (const QString& c : candidates) {
            const QString canonical = QFileInfo(c).canonicalFilePath();
            // One folder on a case-insensitive file system answers to both spellings.
            if (canonical.isEmpty() || !QFileInfo(canonical).isDir() || roots.contains(canonical))
                continue;
            roots.insert(canonical);
            const QDir root(canonical);
            QList<FoundModel> here;
            scan_controlnets(root, root, 0, here);
            append_sorted_unseen(here, seen, found);
        }
    }
    return found;
}

QList<FoundModel> scan_model_folders(const QStringList& folders) {
    QList<FoundModel> found;
    QSet<QString> seen;
    for (const QString& folder : folders) {
        if (folder.isEmpty() || !QFileInfo(folder).isDir()) continue;
        const QDir root = checkpoint_folder(QDir(folder));
        QList<FoundModel> here;
        scan(root, root, 0, here);
        append_sorted_unseen(here, seen, found);
    }
    return found;
}

}  // namespace reverie::ui
