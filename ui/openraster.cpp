#include "ui/openraster.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QImageReader>
#include <QPainter>
#include <QSaveFile>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>
#include <map>

#include "core/common/error.h"
#include "core/io/zip_archive.h"

namespace reverie::ui {

namespace {

constexpr int kMaxSide = 16384;
constexpr int kMaxLayers = 512;
constexpr qint64 kMaxFileBytes = qint64(2) << 30;
const QString kParametersAttribute = QStringLiteral("reverie:parameters");
const QString kReverieNamespace = QStringLiteral("https://github.com/reverie/openraster");

class Ora {
  public:
    static QString tr(const char* text) { return QCoreApplication::translate("OpenRaster", text); }
};

std::vector<uint8_t> png_bytes(const QImage& image, const QString& parameters = {}) {
    QImage copy = image;
    if (!parameters.isEmpty()) copy.setText(QStringLiteral("parameters"), parameters);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    copy.save(&buffer, "PNG");
    return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

std::vector<uint8_t> utf8(const QString& s) {
    const QByteArray b = s.toUtf8();
    return std::vector<uint8_t>(b.begin(), b.end());
}

QString stack_xml(QSize size, const std::vector<Layer>& layers) {
    QString xml;
    QXmlStreamWriter w(&xml);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeNamespace(kReverieNamespace, QStringLiteral("reverie"));
    w.writeStartElement(QStringLiteral("image"));
    w.writeAttribute(QStringLiteral("version"), QStringLiteral("0.0.5"));
    w.writeAttribute(QStringLiteral("w"), QString::number(size.width()));
    w.writeAttribute(QStringLiteral("h"), QString::number(size.height()));
    w.writeStartElement(QStringLiteral("stack"));
    for (int i = int(layers.size()) - 1; i >= 0; --i) {
        const Layer& l = layers[size_t(i)];
        w.writeStartElement(QStringLiteral("layer"));
        w.writeAttribute(QStringLiteral("name"), l.name);
        w.writeAttribute(QStringLiteral("src"), QStringLiteral("data/layer%1.png").arg(i));
        w.writeAttribute(QStringLiteral("x"), QStringLiteral("0"));
        w.writeAttribute(QStringLiteral("y"), QStringLiteral("0"));
        w.writeAttribute(QStringLiteral("opacity"), QString::number(l.opacity, 'f', 3));
        w.writeAttribute(QStringLiteral("visibility"),
                         l.visible ? QStringLiteral("visible") : QStringLiteral("hidden"));
        if (!l.parameters.isEmpty())
            w.writeAttribute(kReverieNamespace, QStringLiteral("parameters"), l.parameters);
        if (l.isControl())
            w.writeAttribute(kReverieNamespace, QStringLiteral("control"),
                             control_settings_to_text(l.control));
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    return xml;
}

struct StackLayer {
    QString name, src, parameters;
    std::optional<ControlSettings> control;  // a Reverie control layer
    int x = 0, y = 0;
    double opacity = 1.0;
    bool visible = true;
};

// Every <layer> in document order (top first); nested stacks are flattened into the list.
std::optional<std::vector<StackLayer>> parse_stack(const QByteArray& xml, QSize* size,
                                                   QString* error) {
    QXmlStreamReader r(xml);
    std::vector<StackLayer> layers;
    bool sawImage = false;
    while (!r.atEnd()) {
        if (r.readNext() != QXmlStreamReader::StartElement) continue;
        const auto a = r.attributes();
        if (r.name() == QLatin1String("image") && !sawImage) {
            sawImage = true;
            *size = QSize(a.value(QLatin1String("w")).toInt(), a.value(QLatin1String("h")).toInt());
        } else if (r.name() == QLatin1String("layer")) {
            StackLayer l;
            l.name = a.value(QLatin1String("name")).toString();
            l.src = a.value(QLatin1String("src")).toString();
            l.x = a.value(QLatin1String("x")).toInt();
            l.y = a.value(QLatin1String("y")).toInt();
            bool ok = false;
            const double opacity = a.value(QLatin1String("opacity")).toDouble(&ok);
            l.opacity = ok ? std::clamp(opacity, 0.0, 1.0) : 1.0;
            l.visible = a.value(QLatin1String("visibility")) != QLatin1String("hidden");
            l.parameters = a.value(kReverieNamespace, QLatin1String("parameters")).toString();
            const auto control = a.value(kReverieNamespace, QLatin1String("control"));
            if (!control.isEmpty()) l.control = control_settings_from_text(control.toString());
            layers.push_back(l);
            if (int(layers.size()) > kMaxLayers) {
                *error = Ora::tr("The document has more than %1 layers.").arg(kMaxLayers);
                return std::nullopt;
            }
        }
    }
    if (r.hasError() || !sawImage) {
        *error = Ora::tr("The document's stack.xml is not valid: %1")
                     .arg(r.hasError() ? r.errorString() : Ora::tr("no <image> element"));
        return std::nullopt;
    }
    if (size->width() <= 0 || size->height() <= 0 || size->width() > kMaxSide ||
        size->height() > kMaxSide) {
        *error = Ora::tr("The document's size %1×%2 is not usable (1 to %3 pixels a side).")
                     .arg(size->width())
                     .arg(size->height())
                     .arg(kMaxSide);
        return std::nullopt;
    }
    return layers;
}

}  // namespace

QString save_openraster(const QString& path, const CanvasDocument& doc) {
    if (doc.isNull()) return Ora::tr("There is no picture to save.");
    return save_openraster(path, doc.size(), doc.layers(), doc.parameters());
}

QString save_openraster(const QString& path, QSize size, const std::vector<Layer>& layers,
                        const QString& parameters) {
    std::vector<io::ZipEntry> entries;
    entries.push_back({"mimetype", utf8(QStringLiteral("image/openraster"))});
    entries.push_back({"stack.xml", utf8(stack_xml(size, layers))});
    for (size_t i = 0; i < layers.size(); ++i)
        entries.push_back(
            {QStringLiteral("data/layer%1.png").arg(i).toStdString(), png_bytes(layers[i].image)});
    const QImage merged = flatten_layers(size, layers);
    entries.push_back({"mergedimage.png", png_bytes(merged, parameters)});
    entries.push_back(
        {"Thumbnails/thumbnail.png",
         png_bytes(merged.scaled(256, 256, Qt::KeepAspectRatio, Qt::SmoothTransformation))});
    std::vector<uint8_t> zip;
    try {
        zip = io::write_zip(entries);
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(reinterpret_cast<const char*>(zip.data()), qint64(zip.size())) !=
            qint64(zip.size()) ||
        !file.commit())
        return Ora::tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

std::optional<OpenRasterDocument> load_openraster(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = Ora::tr("Cannot open %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxFileBytes) {
        *error = Ora::tr("%1 is too large to open.").arg(path);
        return std::nullopt;
    }
    auto doc = read_openraster(file.readAll(), error);
    if (!doc) *error = Ora::tr("Cannot open %1: %2").arg(path, *error);
    return doc;
}

std::optional<OpenRasterDocument> read_openraster(const QByteArray& bytes, QString* error) {
    std::map<QString, QByteArray> files;
    try {
        // A layer of the largest allowed size, times a few layers, is the most a document holds.
        for (auto& e : io::read_zip(reinterpret_cast<const uint8_t*>(bytes.constData()),
                                    size_t(bytes.size()), size_t(4) << 30))
            files[QString::fromStdString(e.name)] =
                QByteArray(reinterpret_cast<const char*>(e.data.data()), qsizetype(e.data.size()));
    } catch (const Error& e) {
        *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
    if (!files.count(QStringLiteral("stack.xml"))) {
        *error = Ora::tr("not an OpenRaster document (no stack.xml)");
        return std::nullopt;
    }
    OpenRasterDocument doc;
    const auto stack = parse_stack(files[QStringLiteral("stack.xml")], &doc.size, error);
    if (!stack) return std::nullopt;
    for (auto l = stack->rbegin(); l != stack->rend(); ++l) {
        const auto found = files.find(l->src);
        if (found == files.end()) {
            *error = Ora::tr("layer “%1” has no picture (%2)").arg(l->name, l->src);
            return std::nullopt;
        }
        QBuffer buffer(&found->second);
        QImageReader reader(&buffer, "png");
        const QSize s = reader.size();
        if (!s.isValid() || s.width() > kMaxSide || s.height() > kMaxSide) {
            *error = Ora::tr("layer “%1” is not a readable PNG").arg(l->name);
            return std::nullopt;
        }
        const QImage pixels = reader.read();
        if (pixels.isNull()) {
            *error = Ora::tr("layer “%1” is not a readable PNG").arg(l->name);
            return std::nullopt;
        }
        // Every layer covers the document, at its offset.
        QImage placed(doc.size, QImage::Format_ARGB32_Premultiplied);
        placed.fill(Qt::transparent);
        QPainter(&placed).drawImage(l->x, l->y, pixels);
        Layer layer{0, l->name, placed, l->visible, l->opacity, l->parameters};
        if (l->control) {
            layer.kind = LayerKind::Control;
            layer.control = *l->control;
        }
        doc.layers.push_back(layer);
    }
    if (doc.layers.empty()) {
        *error = Ora::tr("the document has no layers");
        return std::nullopt;
    }
    return doc;
}

}  // namespace reverie::ui
