#pragma once
// Where a ComfyUI server is and how to sign in to it. Credentials go into request headers only:
// messages name the server by display_url(), which never shows them.
#include <QByteArray>
#include <QString>
#include <QUrl>

namespace reverie::app {

struct ComfyConnection {
    QString url = QStringLiteral("http://127.0.0.1:8188");      // http(s), optionally with a path
    QString token;                                              // bearer token, or empty
    QString user, password;                                     // basic auth, or empty
    QString loader = QStringLiteral("CheckpointLoaderSimple");  // checkpoint loader node class
    int timeout_ms = 300000;  // silence from the server that ends a job (model loads are slow)
};

// The parsed server URL without credentials (user:pass@ in the URL become basic auth), or an
// invalid QUrl when `url` is not http(s). `problem` says what is wrong.
QUrl server_base(const ComfyConnection& c, QString* problem = nullptr);
// host:port/path for messages: no scheme noise, never credentials.
QString display_url(const ComfyConnection& c);
// The Authorization header value, empty without credentials.
QByteArray authorization(const ComfyConnection& c);

}  // namespace reverie::app
