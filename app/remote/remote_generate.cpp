#include "app/remote/remote_generate.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>
#include <memory>

#include "app/remote/comfy_backend.h"
#include "app/worker/qt_image_bridge.h"
#include "core/common/cancelled.h"

namespace reverie::app {

RemoteResult generate_remote(const RemoteServer& server, const RemoteRequest& request,
                             const RemoteCallbacks& callbacks) {
    // A command-line program has no application object; Qt Network needs one for its loop.
    static int argc = 1;
    static char name[] = "reverie-cli";
    static char* argv[] = {name, nullptr};
    std::unique_ptr<QCoreApplication> app;
    if (!QCoreApplication::instance()) app = std::make_unique<QCoreApplication>(argc, argv);

    ComfyConnection connection;
    connection.url = QString::fromStdString(server.url);
    connection.token = QString::fromStdString(server.token);
    connection.loader = QString::fromStdString(server.loader);
    connection.timeout_ms = int(server.timeout_s * 1000);
    ComfyBackend backend;
    backend.setConnection(connection);

    RemoteResult result;
    QString failure;
    bool cancelled = false;
    QEventLoop loop;
    QObject::connect(&backend, &Backend::progress, &loop, [&](int step, int total, double) {
        if (callbacks.on_step) callbacks.on_step(step, total);
    });
    QObject::connect(&backend, &Backend::status, &loop, [&](const QString& s) {
        if (callbacks.on_status) callbacks.on_status(s.toStdString());
    });
    QObject::connect(&backend, &Backend::warning, &loop, [&](const QString& w) {
        result.warnings.push_back(w.toStdString());
        if (callbacks.on_warning) callbacks.on_warning(w.toStdString());
    });
    QObject::connect(&backend, &Backend::imageReady, &loop,
                     [&](const QImage& image, const QString& parameters, qint64 seed, int) {
                         result.image = to_core_rgb(image);
                         result.parameters = parameters.toStdString();
                         result.seed = uint64_t(seed);
                     });
    QObject::connect(&backend, &Backend::failed, &loop, [&](const QString& m) { failure = m; });
    QObject::connect(&backend, &Backend::cancelled, &loop, [&] { cancelled = true; });
    // A job refused before anything goes on the wire (a mask without a picture, a unit the server
    // cannot take) is done inside submit(), before the loop would start listening.
    bool done = false;
    QObject::connect(&backend, &Backend::jobDone, &loop, [&] {
        done = true;
        loop.quit();
    });
    QTimer poll;
    if (callbacks.cancel) {
        QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
            if (callbacks.cancel->load()) backend.cancel();
        });
        poll.start(50);
    }

    BackendJob job;
    job.model = QString::fromStdString(request.model);
    job.requests.push_back(request.request);
    for (const auto& [name, scale] : request.loras) job.loras.push_back({name, scale});
    backend.submit(job);
    if (!done) loop.exec();
    poll.stop();

    if (cancelled) {
        // Give the interrupt and the queue deletion their moment on the wire before exiting.
        QEventLoop settle;
        QTimer::singleShot(200, &settle, &QEventLoop::quit);
        settle.exec();
        throw Cancelled("Cancelled: the job was interrupted on the ComfyUI server.");
    }
    if (!failure.isEmpty()) throw Error(failure.toStdString());
    if (result.image.empty()) throw Error("The ComfyUI server gave no picture.");
    result.progress_events = backend.lastProgressCount();
    result.previews = backend.lastPreviewCount();
    result.seconds = backend.lastSeconds();
    result.server_seconds = backend.lastServerSeconds();
    return result;
}

}  // namespace reverie::app
