#include "app/remote/comfy_client.h"

#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QUuid>

namespace reverie::app {

ComfyClient::ComfyClient(QObject* parent)
    : QObject(parent), client_id_(QUuid::createUuid().toString(QUuid::WithoutBraces)) {
    connect(&socket_, &QWebSocket::connected, this, [this] {
        opening_ = false;
        open_ = true;
        Q_EMIT socketOpen();
    });
    // One place sees the socket go down, whether it never opened or was lost.
    connect(&socket_, &QWebSocket::stateChanged, this, [this](QAbstractSocket::SocketState s) {
        if (s != QAbstractSocket::UnconnectedState || !(opening_ || open_)) return;
        const bool was_opening = opening_;
        opening_ = open_ = false;
        const QString why = socket_.errorString();
        Q_EMIT socketClosed(
            was_opening
                ? tr("Cannot reach the ComfyUI server at %1: %2").arg(display_url(connection_), why)
                : tr("The connection to the ComfyUI server at %1 was lost (did it stop or "
                     "restart?)")
                      .arg(display_url(connection_)));
    });
    connect(&socket_, &QWebSocket::textMessageReceived, this, [this](const QString& text) {
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
        if (doc.isObject()) Q_EMIT socketMessage(doc.object());
    });
    connect(&socket_, &QWebSocket::binaryMessageReceived, this, &ComfyClient::socketBinary);
}

void ComfyClient::setConnection(const ComfyConnection& connection) {
    const bool moved = server_base(connection) != server_base(connection_) ||
                       authorization(connection) != authorization(connection_);
    connection_ = connection;
    if (moved && socket_.state() != QAbstractSocket::UnconnectedState) socket_.abort();
}

QNetworkRequest ComfyClient::request(const QString& path) const {
    QUrl url = server_base(connection_);
    const int q = path.indexOf(QLatin1Char('?'));
    url.setPath(url.path() + (q < 0 ? path : path.left(q)));
    if (q >= 0) url.setQuery(path.mid(q + 1));
    QNetworkRequest r(url);
    r.setTransferTimeout(connection_.timeout_ms);
    const QByteArray auth = authorization(connection_);
    if (!auth.isEmpty()) r.setRawHeader("Authorization", auth);
    return r;
}

void ComfyClient::watch(QNetworkReply* reply, Callback done) {
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        reply->deleteLater();
        ComfyReply r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        const QString where = display_url(connection_);
        if (r.status == 0) {
            r.error = reply->error() == QNetworkReply::OperationCanceledError
                          ? tr("No answer from the ComfyUI server at %1 within %2 s")
                                .arg(where)
                                .arg(connection_.timeout_ms / 1000)
                          : tr("Cannot reach the ComfyUI server at %1: %2")
                                .arg(where, reply->errorString());
        } else if (r.status == 401 || r.status == 403) {
            r.error = tr("The ComfyUI server at %1 refused the credentials (HTTP %2)")
                          .arg(where)
                          .arg(r.status);
        } else if (r.status < 200 || r.status >= 300) {
            r.error = tr("The ComfyUI server at %1 answered HTTP %2").arg(where).arg(r.status);
        }
        done(r);
    });
}

void ComfyClient::get(const QString& path, Callback done) {
    QString problem;
    if (!server_base(connection_, &problem).isValid()) {
        done({0, {}, problem});
        return;
    }
    watch(net_.get(request(path)), std::move(done));
}

void ComfyClient::postJson(const QString& path, const QByteArray& json, Callback done) {
    QString problem;
    if (!server_base(connection_, &problem).isValid()) {
        done({0, {}, problem});
        return;
    }
    QNetworkRequest r = request(path);
    r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    watch(net_.post(r, json), std::move(done));
}

void ComfyClient::uploadPng(const QByteArray& png, const QString& filename, Callback done) {
    QString problem;
    if (!server_base(connection_, &problem).isValid()) {
        done({0, {}, problem});
        return;
    }
    auto* multi = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    QHttpPart image;
    image.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("image/png"));
    image.setHeader(QNetworkRequest::ContentDispositionHeader,
                    QStringLiteral("form-data; name=\"image\"; filename=\"%1\"").arg(filename));
    image.setBody(png);
    multi->append(image);
    QHttpPart overwrite;
    overwrite.setHeader(QNetworkRequest::ContentDispositionHeader,
                        QStringLiteral("form-data; name=\"overwrite\""));
    overwrite.setBody("true");
    multi->append(overwrite);
    QNetworkReply* reply = net_.post(request(QStringLiteral("/upload/image")), multi);
    multi->setParent(reply);
    watch(reply, std::move(done));
}

bool ComfyClient::eventsOpen() const {
    return socket_.state() == QAbstractSocket::ConnectedState;
}

void ComfyClient::openEvents() {
    if (opening_ || eventsOpen()) return;
    QUrl url = server_base(connection_);
    if (!url.isValid()) return;
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss")
                                                         : QStringLiteral("ws"));
    url.setPath(url.path() + QStringLiteral("/ws"));
    url.setQuery(QStringLiteral("clientId=") + client_id_);
    QNetworkRequest r(url);
    const QByteArray auth = authorization(connection_);
    if (!auth.isEmpty()) r.setRawHeader("Authorization", auth);
    opening_ = true;
    socket_.open(r);
}

}  // namespace reverie::app
