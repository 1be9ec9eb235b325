#include "app/worker/adapter_scan.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QImageReader>
#include <QSet>
#include <algorithm>
#include <map>

#include "app/worker/safetensors_peek.h"
#include "core/adapters/adapter_info.h"
#include "core/adapters/embedding_file.h"
#include "core/adapters/target_names.h"
#include "core/common/error.h"

namespace reverie::app {

namespace {

using ui::FoundAdapter;

// A folder of LoRAs sorted into subfolders is read this deep, and no more files than this.
constexpr int kMaxFiles = 20000;
// Embeddings are a few vectors (75 × 2048 floats at most): a larger file is something else.
constexpr qint64 kMaxEmbeddingBytes = 8 << 20;
constexpr int kThumbnailPixels = 96;

QString tr_scan(const char* text) {
    return QCoreApplication::translate("reverie::app::AdapterScan", text);
}

// The existing folders among `candidates`, each once (one folder answers to Lora and lora on a
// case-insensitive file system), appended to `out`.
void add_existing(const QStringList& candidates, QStringList& out, QSet<QString>& seen) {
    for (const QString& c : candidates) {
        const QString canonical = QFileInfo(c).canonicalFilePath();
        if (canonical.isEmpty() || !QFileInfo(canonical).isDir() || seen.contains(canonical))
            continue;
        seen.insert(canonical);
        out << QDir::cleanPath(QFileInfo(c).absoluteFilePath());
    }
}

// Where a model's companions sit, nearest first: the model's own folder (a diffusers folder is
// its own), the folder above, then each model folder, the one above and its models/.
QStringList bases(const QStringList& modelFolders, const QString& modelPath) {
    QStringList out;
    if (!modelPath.isEmpty()) {
        const QFileInfo m(modelPath);
        const QString dir = m.isDir() ? m.absoluteFilePath() : m.absolutePath();
        out << dir << QDir(dir).absoluteFilePath(QStringLiteral(".."));
    }
    for (const QString& f : modelFolders) {
        if (f.isEmpty()) continue;
        const QDir d(f);
        out << d.absolutePath() << d.absoluteFilePath(QStringLiteral(".."))
            << d.absoluteFilePath(QStringLiteral("models"));
    }
    return out;
}

QImage preview_beside(const QFileInfo& file) {
    const QDir dir = file.absoluteDir();
    const QString base = file.completeBaseName();
    for (const char* tail : {".preview.png", ".png", ".preview.jpg", ".jpg", ".preview.jpeg",
                             ".jpeg", ".preview.webp", ".webp"}) {
        const QString p = dir.filePath(base + QLatin1String(tail));
        if (!QFileInfo(p).isFile()) continue;
        QImageReader reader(p);
        const QSize size = reader.size();
        if (size.isValid())
            reader.setScaledSize(
                size.scaled(kThumbnailPixels, kThumbnailPixels, Qt::KeepAspectRatio));
        const QImage image = reader.read();  // a broken picture is no thumbnail, nothing worse
        if (!image.isNull()) return image;
    }
    return {};
}

QString family_for_width(int64_t width) {
    if (width == 768) return QStringLiteral("SD 1.x");
    if (width == 1024) return QStringLiteral("SD 2.x");
    if (width == 2048) return QStringLiteral("SDXL");
    return {};
}

bool ends_with(const std::string& s, const char* tail) {
    const std::string t(tail);
    return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

// Kind, rank, family and trigger words of a LoRA/LyCORIS file from its tensor table.
void describe_lora(const std::vector<io::TensorInfo>& infos,
                   const std::map<std::string, std::string>& metadata, FoundAdapter& a) {
    std::map<QString, int> kinds;
    std::map<int64_t, int> ranks;
    int64_t context = 0;
    adapters::AdapterFile names;  // module names and metadata only: what adapter_family reads
    names.metadata = metadata;
    for (const io::TensorInfo& t : infos) {
        const std::string& k = t.name;
        if (k.find(".hada_") != std::string::npos)
            ++kinds[QStringLiteral("LoHa")];
        else if (k.find(".lokr_") != std::string::npos)
            ++kinds[QStringLiteral("LoKr")];
        else if (ends_with(k, ".diff"))
            ++kinds[QStringLiteral("Full")];
        else if (ends_with(k, "lora_down.weight") || ends_with(k, "lora_A.weight"))
            ++kinds[QStringLiteral("LoRA")];
        const bool down = ends_with(k, "lora_down.weight") || ends_with(k, "lora_A.weight") ||
                          ends_with(k, "hada_w1_b");
        if (down && !t.shape.empty()) ++ranks[t.shape[0]];
        // The cross-attention's key projection reads the text encoder's width.
        if (down && context == 0 && t.shape.size() == 2 &&
            (k.find("attn2_to_k") != std::string::npos ||
             k.find("attn2.to_k") != std::string::npos))
            context = t.shape[1];
        adapters::AdapterModule m;
        m.name = k;
        names.modules.push_back(std::move(m));
    }
    const auto top = [](const auto& counts) {
        return std::max_element(counts.begin(), counts.end(),
                                [](const auto& x, const auto& y) { return x.second < y.second; });
    };
    a.kind = kinds.empty() ? QStringLiteral("LoRA") : top(kinds)->first;
    a.rank = ranks.empty() ? 0 : int(top(ranks)->first);
    a.family = QString::fromStdString(adapters::adapter_family(names));
    if (a.family.isEmpty()) a.family = family_for_width(context);
    const auto tags = metadata.find("ss_tag_frequency");
    if (tags != metadata.end())
        for (const std::string& w : adapters::trigger_words(tags->second))
            a.trigger_words << QString::fromStdString(w);
}

void read_lora(FoundAdapter& a) {
    std::vector<io::TensorInfo> infos;
    std::map<std::string, std::string> metadata;
    if (!peek_safetensors(a.path, infos, metadata, &a.problem)) return;
    std::vector<std::string> keys;
    for (const io::TensorInfo& t : infos) keys.push_back(t.name);
    if (!adapters::looks_like_adapter(keys)) {
        a.problem = tr_scan(QT_TRANSLATE_NOOP("reverie::app::AdapterScan",
                                              "no LoRA or LyCORIS tensors in it (a checkpoint?)"));
        return;
    }
    describe_lora(infos, metadata, a);
}

void read_embedding(FoundAdapter& a) {
    a.kind = QStringLiteral("Embedding");
    if (QFileInfo(a.path).size() > kMaxEmbeddingBytes) {
        a.problem = tr_scan(QT_TRANSLATE_NOOP("reverie::app::AdapterScan",
                                              "%1 MB is too large for an embedding"))
                        .arg(QFileInfo(a.path).size() >> 20);
        return;
    }
    try {
        // Small: read and checked whole, .pt files by the restricted (data-only) unpickler.
        const auto ti = adapters::read_embedding(a.path.toStdString());
        a.rank = int(ti.count());
        if (ti.vectors.count(adapters::kTextEncoder2))
            a.family = QStringLiteral("SDXL");
        else if (ti.vectors.count(adapters::kTextEncoder))
            a.family = family_for_width(ti.vectors.at(adapters::kTextEncoder).size(1));
    } catch (const std::exception& e) {  // reverie::Error, and torch's for malformed tensors
        a.problem = QString::fromStdString(e.what());
    }
}

// The files of `role` under `folder`: its own first (the engine looks there first), then its
// subfolders', by path.
QStringList files_in(const QString& folder, FoundAdapter::Role role) {
    const QStringList patterns = role == FoundAdapter::Role::Lora
                                     ? QStringList{QStringLiteral("*.safetensors")}
                                     : QStringList{QStringLiteral("*.safetensors"),
                                                   QStringLiteral("*.pt"), QStringLiteral("*.bin")};
    QStringList own, deeper;
    QDirIterator it(folder, patterns, QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
    while (it.hasNext() && own.size() + deeper.size() < kMaxFiles) {
        const QString p = it.next();
        (QFileInfo(p).absolutePath() == QDir(folder).absolutePath() ? own : deeper) << p;
    }
    own.sort();
    deeper.sort();
    return own + deeper;
}

}  // namespace

AdapterFolders adapter_folders(const QStringList& modelFolders, const QString& modelPath) {
    AdapterFolders out;
    QStringList loras, embeddings;
    for (const QString& base : bases(modelFolders, modelPath)) {
        const QDir d(base);
        for (const char* sub : {"Lora", "LyCORIS", "loras"})
            loras << d.absoluteFilePath(QLatin1String(sub));
        embeddings << d.absoluteFilePath(QStringLiteral("embeddings"));
        // A1111 keeps embeddings/ in its root, two above models/Stable-diffusion.
        embeddings << d.absoluteFilePath(QStringLiteral("../embeddings"));
    }
    QSet<QString> seen;
    add_existing(loras, out.loras, seen);
    QStringList found;
    add_existing(embeddings, found, seen);
    if (!found.isEmpty()) out.embeddings = found.first();
    return out;
}

void use_adapter_folders(const AdapterFolders& folders, pipeline::GenerationRequest& r) {
    for (const QString& f : folders.loras) r.lora_dirs.push_back(f.toStdString());
    if (!folders.embeddings.isEmpty()) r.embeddings_dir = folders.embeddings.toStdString();
}

ui::FoundAdapter read_found_adapter(const QString& path, FoundAdapter::Role role) {
    FoundAdapter a;
    a.role = role;
    a.path = path;
    const QFileInfo info(path);
    a.name = info.completeBaseName();
    if (role == FoundAdapter::Role::Lora)
        read_lora(a);
    else
        read_embedding(a);
    // A prompt tag ends at ':' and '>': such a name cannot be written in one.
    if (role == FoundAdapter::Role::Lora && a.problem.isEmpty() &&
        (a.name.contains(QLatin1Char(':')) || a.name.contains(QLatin1Char('>'))))
        a.problem = tr_scan(
            QT_TRANSLATE_NOOP("reverie::app::AdapterScan",
                              "a prompt tag cannot name a file with ':' or '>' in its name"));
    a.thumbnail = preview_beside(info);
    return a;
}

ui::AdapterCatalog scan_adapters(const AdapterFolders& folders) {
    ui::AdapterCatalog c;
    c.scanned = true;
    c.lora_folders = folders.loras;
    c.embeddings_folder = folders.embeddings;
    QSet<QString> names;
    for (const QString& folder : folders.loras)
        for (const QString& path : files_in(folder, FoundAdapter::Role::Lora)) {
            const QString name = QFileInfo(path).completeBaseName();
            if (names.contains(name)) continue;  // the engine takes the first one
            names.insert(name);
            c.adapters.append(read_found_adapter(path, FoundAdapter::Role::Lora));
        }
    if (!folders.embeddings.isEmpty())
        for (const QString& path : files_in(folders.embeddings, FoundAdapter::Role::Embedding))
            c.adapters.append(read_found_adapter(path, FoundAdapter::Role::Embedding));
    return c;
}

}  // namespace reverie::app
