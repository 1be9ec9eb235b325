#include "app/worker/safetensors_peek.h"

#include <QCoreApplication>
#include <QFile>
#include <QtEndian>

#include "core/common/error.h"

namespace reverie::app {

namespace {

bool fail(QString* problem, const QString& why) {
    if (problem) *problem = why;
    return false;
}

QString tr_peek(const char* text) {
    return QCoreApplication::translate("reverie::app::SafetensorsPeek", text);
}

}  // namespace

bool peek_safetensors(const QString& path, std::vector<io::TensorInfo>& infos,
                      std::map<std::string, std::string>& metadata, QString* problem,
                      qint64 maxHeaderBytes) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return fail(problem, f.errorString());
    const QByteArray prefix = f.read(8);
    if (prefix.size() != 8)
        return fail(problem, tr_peek(QT_TRANSLATE_NOOP("reverie::app::SafetensorsPeek",
                                                       "too short for a safetensors file")));
    const quint64 n = qFromLittleEndian<quint64>(prefix.constData());
    if (n == 0 || n > quint64(maxHeaderBytes) || 8 + n > quint64(f.size()))
        return fail(problem, tr_peek(QT_TRANSLATE_NOOP(
                                         "reverie::app::SafetensorsPeek",
                                         "not a safetensors file (a header of %1 bytes in a file "
                                         "of %2)"))
                                 .arg(n)
                                 .arg(f.size()));
    const QByteArray json = f.read(qint64(n));
    if (json.size() != qint64(n)) return fail(problem, f.errorString());
    try {
        io::parse_header(path.toStdString(), json.constData(), size_t(json.size()),
                         uint64_t(f.size()) - 8 - n, infos, metadata);
    } catch (const Error& e) {
        return fail(problem, QString::fromStdString(e.what()));
    }
    return true;
}

}  // namespace reverie::app
