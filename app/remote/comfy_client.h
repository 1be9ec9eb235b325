#pragma once
// HTTP and websocket transport to one ComfyUI server (Qt Network): requests with the server's
// credentials and a timeout, and the /ws event stream. Knows nothing about graphs or jobs.
#include <QByteArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>
#include <QUrl>
#include <QWebSocket>
#include <functional>

#include "app/remote/comfy_connection.h"

namespace reverie::app {

struct ComfyReply {
    int status = 0;  // HTTP status; 0 when no answer came
    QByteArray body;
    QString error;  // empty on a 2xx answer, else a sentence naming the server
    bool ok() const { return error.isEmpty(); }
};

class ComfyClient : public QObject {
    Q_OBJECT
  public:
    using Callback = std::function<void(const ComfyReply&)>;

    explicit ComfyClient(QObject* parent = nullptr);

    // Takes effect for the next request; closes the event stream when the server changed.
    void setConnection(const ComfyConnection& connection);
    const ComfyConnection& connection() const { return connection_; }
    // A client id unique to this client, as ComfyUI's /ws and /prompt want it.
    const QString& clientId() const { return client_id_; }

    // `path` starts with '/' and may carry a query. The callback runs on this thread, once.
    void get(const QString& path, Callback done);
    void postJson(const QString& path, const QByteArray& json, Callback done);
    // POST /upload/image (multipart "image", overwrite): the answer names the stored file.
    void uploadPng(const QByteArray& png, const QString& filename, Callback done);

    // Opens /ws?clientId=… unless open or opening; socketOpen or socketClosed follows.
    void openEvents();
    bool eventsOpen() const;

  Q_SIGNALS:
    void socketOpen();
    void socketClosed(const QString& reason);
    void socketMessage(const QJsonObject& message);  // {"type", "data"}
    void socketBinary(const QByteArray& frame);

  private:
    QNetworkRequest request(const QString& path) const;
    void watch(QNetworkReply* reply, Callback done);

    QNetworkAccessManager net_;
    QWebSocket socket_;
    ComfyConnection connection_;
    QString client_id_;
    bool opening_ = false;
    bool open_ = false;
};

}  // namespace reverie::app
