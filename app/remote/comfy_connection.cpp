#include "app/remote/comfy_connection.h"

namespace reverie::app {

QUrl server_base(const ComfyConnection& c, QString* problem) {
    QUrl url = QUrl::fromUserInput(c.url.trimmed());
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        if (problem)
            *problem = QStringLiteral("'%1' is not an http:// or https:// server address.")
                           .arg(QUrl(c.url).toString(QUrl::RemoveUserInfo));
        return QUrl();
    }
    url.setUserInfo(QString());
    url.setQuery(QString());
    url.setFragment(QString());
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/'))) path.chop(1);
    url.setPath(path);
    return url;
}

QString display_url(const ComfyConnection& c) {
    const QUrl url = server_base(c);
    if (!url.isValid()) return QUrl(c.url).toString(QUrl::RemoveUserInfo);
    return url.toString(QUrl::RemoveScheme | QUrl::RemoveUserInfo).mid(2);
}

QByteArray authorization(const ComfyConnection& c) {
    if (!c.token.isEmpty()) return "Bearer " + c.token.toUtf8();
    QString user = c.user, password = c.password;
    const QUrl url = QUrl::fromUserInput(c.url.trimmed());
    if (user.isEmpty() && !url.userName().isEmpty()) {
        user = url.userName();
        password = url.password();
    }
    if (user.isEmpty()) return {};
    return "Basic " + (user + QLatin1Char(':') + password).toUtf8().toBase64();
}

}  // namespace reverie::app
