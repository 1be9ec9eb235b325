#include "app/remote/comfy_backend.h"

#include <QBuffer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrlQuery>
#include <QUuid>
#include <algorithm>

#include "app/remote/comfy_client.h"
#include "app/worker/qt_image_bridge.h"
#include "core/common/error.h"
#include "core/image/generation_parameters.h"
#include "core/pipeline/request_parameters.h"
#include "core/remote/comfy_graph.h"
#include "core/remote/remote_images.h"

namespace reverie::app {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QByteArray png_bytes(const QImage& image) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG", 10);  // fast, barely larger: loopback and LAN are not the cost
    return bytes;
}

// The node ids of the graph that matter to the client.
QString node_of_class(const nlohmann::json& graph, const char* class_type) {
    for (const auto& [id, node] : graph.items())
        if (node.value("class_type", std::string()) == class_type) return q(id);
    return {};
}

// A refused graph (HTTP 400): ComfyUI's own words for each node it refused.
QString refusal_text(const QByteArray& body, const nlohmann::json& graph) {
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    QStringList parts;
    const QJsonObject error = o.value(QStringLiteral("error")).toObject();
    if (!error.isEmpty()) parts << error.value(QStringLiteral("message")).toString();
    const QJsonObject nodes = o.value(QStringLiteral("node_errors")).toObject();
    for (auto it = nodes.begin(); it != nodes.end(); ++it) {
        const QJsonObject n = it.value().toObject();
        QString cls = n.value(QStringLiteral("class_type")).toString();
        if (cls.isEmpty() && graph.contains(it.key().toStdString()))
            cls = q(graph[it.key().toStdString()].value("class_type", std::string()));
        for (const QJsonValue& e : n.value(QStringLiteral("errors")).toArray()) {
            const QJsonObject eo = e.toObject();
            QString line =
                QStringLiteral("%1: %2").arg(cls, eo.value(QStringLiteral("message")).toString());
            const QString details = eo.value(QStringLiteral("details")).toString();
            if (!details.isEmpty()) line += QStringLiteral(" (%1)").arg(details);
            parts << line;
        }
    }
    parts.removeAll(QString());
    return parts.isEmpty() ? QString::fromUtf8(body.left(300)) : parts.join(QStringLiteral("; "));
}

// `wanted` as the server lists it: exactly, or by file name, or without the extension.
QString match_name(const std::vector<std::string>& names, const std::string& wanted) {
    const QString w = q(wanted);
    const QString base = QFileInfo(w).fileName();
    for (const std::string& n : names)
        if (q(n) == w) return w;
    for (const std::string& n : names) {
        const QString name = q(n);
        const QString file = QFileInfo(name).fileName();
        if (file == base || QFileInfo(file).completeBaseName() == base) return name;
    }
    return {};
}

QString list_text(const std::vector<std::string>& names) {
    QStringList l;
    for (const std::string& n : names) l << q(n);
    return l.isEmpty() ? QStringLiteral("none") : l.join(QStringLiteral(", "));
}

}  // namespace

// One image of the running job, from upload to result.
struct ComfyBackend::Run {
    BackendJob job;
    size_t index = 0;
    quint64 serial = 0;
    pipeline::GenerationRequest request;  // the job's, seed resolved
    remote::RemotePictures pictures;
    remote::ComfyGraphInputs inputs;
    remote::ComfyObjectInfo info;
    nlohmann::json graph;
    QString prompt_id;
    QString sampler_node;
    QElapsedTimer clock;
    QElapsedTimer step_clock;
    bool posted = false;
    bool started = false;  // execution_start seen: previews belong to this prompt
    bool fetching = false;
    int previews = 0;
    int progress_events = 0;
};

ComfyBackend::ComfyBackend(QObject* parent)
    : Backend(parent), client_(std::make_unique<ComfyClient>()) {
    qRegisterMetaType<BackendJob>();
    silence_.setSingleShot(true);
    connect(&silence_, &QTimer::timeout, this, [this] {
        if (run_)
            fail(tr("No word from the ComfyUI server at %1 for %2 s.")
                     .arg(display_url(client_->connection()))
                     .arg(client_->connection().timeout_ms / 1000));
    });
    connect(client_.get(), &ComfyClient::socketMessage, this, &ComfyBackend::onMessage);
    connect(client_.get(), &ComfyClient::socketBinary, this, &ComfyBackend::onBinary);
    connect(client_.get(), &ComfyClient::socketClosed, this, &ComfyBackend::onSocketClosed);
    connect(client_.get(), &ComfyClient::socketOpen, this, [this] {
        if (run_ && !run_->posted) readServer();
    });
}

ComfyBackend::~ComfyBackend() = default;

const ComfyConnection& ComfyBackend::connection() const {
    return client_->connection();
}

void ComfyBackend::setConnection(const ComfyConnection& connection) {
    client_->setConnection(connection);
}

void ComfyBackend::submit(const BackendJob& job) {
    queue_.push_back(job);
    startNext();
}

void ComfyBackend::cancel() {
    if (run_ && run_->posted) {
        const QByteArray id =
            QJsonDocument(QJsonObject{{QStringLiteral("prompt_id"), run_->prompt_id}})
                .toJson(QJsonDocument::Compact);
        const QByteArray del =
            QJsonDocument(QJsonObject{{QStringLiteral("delete"), QJsonArray{run_->prompt_id}}})
                .toJson(QJsonDocument::Compact);
        client_->postJson(QStringLiteral("/interrupt"), id, [](const ComfyReply&) {});
        client_->postJson(QStringLiteral("/queue"), del, [](const ComfyReply&) {});
    }
    // The jobs end as the local engine's do: after this call returns, in the order submitted.
    const int ending = int(queue_.size()) + (run_ ? 1 : 0);
    queue_.clear();
    run_.reset();
    ++serial_;
    silence_.stop();
    if (ending == 0) return;
    ending_ += ending;
    QTimer::singleShot(0, this, [this, ending] {
        for (int i = 0; i < ending; ++i) {
            Q_EMIT cancelled();
            Q_EMIT jobDone();
        }
        ending_ -= ending;
        startNext();
    });
}

std::function<void(const ComfyReply&)> ComfyBackend::guarded(
    std::function<void(const ComfyReply&)> next) {
    const quint64 serial = serial_;
    return [this, serial, next = std::move(next)](const ComfyReply& r) {
        if (run_ && serial == serial_) next(r);
    };
}

void ComfyBackend::startNext() {
    if (run_ || queue_.empty() || ending_ > 0) return;
    run_ = std::make_unique<Run>();
    run_->job = std::move(queue_.front());
    queue_.pop_front();
    if (run_->job.requests.empty()) {
        endJob();
        return;
    }
    startImage();
}

void ComfyBackend::startImage() {
    Run& run = *run_;
    run.serial = serial_;
    run.clock.start();
    run.request = run.job.requests[run.index];
    if (run.request.seed < 0)
        run.request.seed = qint64(QRandomGenerator::global()->bounded(quint64(1) << 32));
    if (run.job.requests.size() > 1)
        Q_EMIT status(tr("Image %1 of %2…").arg(run.index + 1).arg(run.job.requests.size()));
    try {
        run.pictures = remote::prepare_remote_pictures(run.request);
    } catch (const Error& e) {
        fail(q(e.what()));
        return;
    }
    // The size the server is asked for (a txt2img job without one gets 512², a picture's own).
    run.request.width = run.pictures.width;
    run.request.height = run.pictures.height;
    for (const std::string& w : run.pictures.warnings) Q_EMIT warning(q(w));
    if (run.request.mask && run.request.mask_options.inpaint_full_res)
        Q_EMIT warning(
            tr("\"Inpaint only masked\" is not available on a ComfyUI server yet: the "
               "whole picture was inpainted (pixels outside the mask are kept)."));
    Q_EMIT status(tr("Connecting to %1…").arg(display_url(client_->connection())));
    touch();
    // The event stream first: a fast server may finish before a late socket would hear it.
    if (client_->eventsOpen())
        readServer();
    else
        client_->openEvents();
}

void ComfyBackend::readServer() {
    const ComfyConnection& c = client_->connection();
    QStringList nodes{c.loader, QStringLiteral("KSampler")};
    if (!run_->job.loras.empty()) nodes << QStringLiteral("LoraLoader");
    if (!run_->request.control.empty()) nodes << QStringLiteral("ControlNetLoader");
    auto pending = std::make_shared<int>(int(nodes.size()));
    run_->info = remote::ComfyObjectInfo();
    for (const QString& node : nodes)
        client_->get(QStringLiteral("/object_info/") + node,
                     guarded([this, pending](const ComfyReply& r) {
                         if (!r.ok()) {
                             fail(r.error);
                             return;
                         }
                         try {
                             run_->info.add(r.body.toStdString());
                         } catch (const Error& e) {
                             fail(q(e.what()));
                             return;
                         }
                         if (--*pending == 0) uploadPictures();
                     }));
}

void ComfyBackend::uploadPictures() {
    Run& run = *run_;
    const ComfyConnection& c = client_->connection();
    const std::string loader = c.loader.toStdString();
    const QString where = display_url(c);
    if (!run.info.has_node(loader)) {
        fail(tr("The ComfyUI server at %1 has no loader node %2 (Settings → Remote server).")
                 .arg(where, c.loader));
        return;
    }
    const auto checkpoints = run.info.choices(loader, "ckpt_name");
    QString checkpoint = match_name(checkpoints, run.job.model.toStdString());
    if (run.job.model.isEmpty() && !checkpoints.empty()) {
        // The picker still shows the built-in model, which lives here, not on the server.
        checkpoint = q(checkpoints.front());
        Q_EMIT warning(tr("No model chosen for the ComfyUI server: using %1.").arg(checkpoint));
    }
    if (checkpoint.isEmpty()) {
        fail(tr("The ComfyUI server at %1 has no checkpoint \"%2\". It has: %3.")
                 .arg(where, run.job.model, list_text(checkpoints)));
        return;
    }
    remote::ComfyGraphInputs& in = run.inputs;
    in = remote::ComfyGraphInputs();
    in.checkpoint = checkpoint.toStdString();
    in.loader = loader;
    in.loader_takes_config = run.info.has_input(loader, "config_name");
    in.inpaint_model = remote::looks_like_inpainting_model(in.checkpoint)
                           ? remote::ComfyInpaintModel::NineChannel
                           : remote::ComfyInpaintModel::Ordinary;
    const auto loras = run.info.choices("LoraLoader", "lora_name");
    for (const LoraUse& lora : run.job.loras) {
        const QString name = match_name(loras, lora.name);
        if (name.isEmpty()) {
            fail(tr("The ComfyUI server at %1 has no LoRA \"%2\". It has: %3.")
                     .arg(where, q(lora.name), list_text(loras)));
            return;
        }
        in.loras.push_back({name.toStdString(), lora.scale, lora.scale});
    }
    // ControlNets by the name the unit gives (a path's file name, or the server's name).
    const auto controlnets = run.info.choices("ControlNetLoader", "control_net_name");
    for (const pipeline::ControlUnit& unit : run.request.control) {
        const QString name = match_name(controlnets, unit.model);
        if (name.isEmpty()) {
            fail(tr("The ComfyUI server at %1 has no ControlNet \"%2\". It has: %3.")
                     .arg(where, q(unit.model), list_text(controlnets)));
            return;
        }
        remote::ComfyControlUnit c;
        c.model = name.toStdString();
        c.strength = unit.scale;
        c.start = unit.start;
        c.end = unit.end;
        in.controls.push_back(c);
    }
    try {
        const auto sampler = remote::comfy_sampler(run.request.sampler, run.request.karras);
        const auto offered = run.info.choices("KSampler", "sampler_name");
        if (!offered.empty() &&
            std::find(offered.begin(), offered.end(), sampler.sampler_name) == offered.end()) {
            fail(tr("The ComfyUI server at %1 has no sampler %2.")
                     .arg(where, q(sampler.sampler_name)));
            return;
        }
    } catch (const Error& e) {
        fail(q(e.what()));
        return;
    }

    // Fixed names per client, overwritten each time: the server's input folder does not grow.
    const QString stem = QStringLiteral("reverie-") + client_->clientId().left(8);
    struct Upload {
        QByteArray png;
        QString name;
        std::string* target;
    };
    std::vector<Upload> uploads;
    if (!run.pictures.init.empty())
        uploads.push_back({png_bytes(to_qimage(run.pictures.init)),
                           stem + QStringLiteral("-init.png"), &in.init_image});
    if (!run.pictures.mask.empty())
        uploads.push_back({png_bytes(to_qimage(run.pictures.mask)),
                           stem + QStringLiteral("-mask.png"), &in.mask_image});
    for (size_t i = 0; i < run.pictures.controls.size(); ++i)
        uploads.push_back({png_bytes(to_qimage(run.pictures.controls[i])),
                           stem + QStringLiteral("-control%1.png").arg(i), &in.controls[i].image});
    if (uploads.empty()) {
        postGraph();
        return;
    }
    Q_EMIT status(tr("Uploading to %1…").arg(where));
    auto pending = std::make_shared<int>(int(uploads.size()));
    for (const Upload& u : uploads) {
        std::string* target = u.target;
        client_->uploadPng(
            u.png, u.name, guarded([this, pending, target](const ComfyReply& r) {
                if (!r.ok()) {
                    fail(r.error);
                    return;
                }
                const QJsonObject o = QJsonDocument::fromJson(r.body).object();
                const QString sub = o.value(QStringLiteral("subfolder")).toString();
                const QString name = o.value(QStringLiteral("name")).toString();
                if (name.isEmpty()) {
                    fail(tr("The ComfyUI server did not take the uploaded picture."));
                    return;
                }
                *target = (sub.isEmpty() ? name : sub + QLatin1Char('/') + name).toStdString();
                if (--*pending == 0) postGraph();
            }));
    }
}

void ComfyBackend::postGraph() {
    Run& run = *run_;
    try {
        run.graph = remote::build_comfy_graph(run.request, uint64_t(run.request.seed), run.inputs);
    } catch (const Error& e) {
        fail(q(e.what()));
        return;
    }
    run.sampler_node = node_of_class(run.graph, "KSampler");
    run.prompt_id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const nlohmann::json body = {{"prompt", run.graph},
                                 {"client_id", client_->clientId().toStdString()},
                                 {"prompt_id", run.prompt_id.toStdString()}};
    run.posted = true;
    // From here the event stream watches the job: a queue ahead of it may take any time, and a
    // server that goes away closes the stream.
    silence_.stop();
    Q_EMIT status(tr("Queued on %1…").arg(display_url(client_->connection())));
    client_->postJson(QStringLiteral("/prompt"), QByteArray::fromStdString(body.dump()),
                      guarded([this](const ComfyReply& r) {
                          if (r.status == 400) {
                              fail(tr("The ComfyUI server refused the job: %1")
                                       .arg(refusal_text(r.body, run_->graph)));
                          } else if (!r.ok()) {
                              fail(r.error);
                          }
                      }));
}

void ComfyBackend::onMessage(const QJsonObject& message) {
    if (!run_ || !run_->posted) return;
    Run& run = *run_;
    const QString type = message.value(QStringLiteral("type")).toString();
    const QJsonObject data = message.value(QStringLiteral("data")).toObject();
    if (type == QLatin1String("status") && !run.started) {
        // Waiting behind other people's jobs (a shared server, a farm) is not silence.
        const int waiting = data.value(QStringLiteral("status"))
                                .toObject()
                                .value(QStringLiteral("exec_info"))
                                .toObject()
                                .value(QStringLiteral("queue_remaining"))
                                .toInt();
        if (waiting > 1)
            Q_EMIT status(tr("Waiting on %1 (%2 jobs in its queue)…")
                              .arg(display_url(client_->connection()))
                              .arg(waiting));
        return;
    }
    if (data.value(QStringLiteral("prompt_id")).toString() != run.prompt_id) return;
    touch();
    if (type == QLatin1String("execution_start")) {
        run.started = true;
        touch();
        run.step_clock.start();  // this side's clock: the server's may be set differently
        Q_EMIT status(tr("Generating on %1…").arg(display_url(client_->connection())));
    } else if (type == QLatin1String("progress")) {
        if (data.value(QStringLiteral("node")).toString() != run.sampler_node) return;
        const int step = data.value(QStringLiteral("value")).toInt();
        const int total = data.value(QStringLiteral("max")).toInt();
        ++run.progress_events;
        const double seconds = run.step_clock.isValid() ? run.step_clock.nsecsElapsed() / 1e9 : 0;
        Q_EMIT progress(step, total, seconds > 0 ? step / seconds : 0.0);
    } else if (type == QLatin1String("executed")) {
        if (data.value(QStringLiteral("node")).toString() !=
            QLatin1String(remote::kComfyOutputNode))
            return;
        const QJsonArray images = data.value(QStringLiteral("output"))
                                      .toObject()
                                      .value(QStringLiteral("images"))
                                      .toArray();
        if (images.isEmpty()) {
            fail(tr("The ComfyUI server finished without a picture."));
            return;
        }
        if (run.step_clock.isValid()) last_server_seconds_ = run.step_clock.nsecsElapsed() / 1e9;
        fetchResult(images.first().toObject());
    } else if (type == QLatin1String("execution_error")) {
        const QString node = data.value(QStringLiteral("node_type")).toString();
        fail(tr("The ComfyUI server stopped%1: %2")
                 .arg(node.isEmpty() ? QString() : tr(" in %1").arg(node),
                      data.value(QStringLiteral("exception_message")).toString().trimmed()));
    } else if (type == QLatin1String("execution_interrupted")) {
        // Interrupted by someone else (the server's own UI): the job did not finish.
        fail(tr("The job was interrupted on the ComfyUI server."));
    }
}

void ComfyBackend::onBinary(const QByteArray& frame) {
    // [event type, image format] as 32-bit big-endian, then the image; 1 = preview image.
    if (!run_ || !run_->started || frame.size() <= 8) return;
    const auto be32 = [&](int at) {
        return (quint32(uchar(frame[at])) << 24) | (quint32(uchar(frame[at + 1])) << 16) |
               (quint32(uchar(frame[at + 2])) << 8) | quint32(uchar(frame[at + 3]));
    };
    if (be32(0) != 1) return;
    touch();
    QImage image = QImage::fromData(frame.mid(8), be32(4) == 2 ? "PNG" : "JPEG");
    if (image.isNull()) return;
    ++run_->previews;
    const QSize size(run_->pictures.width, run_->pictures.height);
    if (image.size() != size)
        image = image.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    Q_EMIT preview(image.convertToFormat(QImage::Format_RGB888), QRect());
}

void ComfyBackend::onSocketClosed(const QString& reason) {
    if (run_) fail(reason);
}

void ComfyBackend::fetchResult(const QJsonObject& image) {
    if (run_->fetching) return;
    run_->fetching = true;
    QUrlQuery query;
    for (const char* key : {"filename", "subfolder", "type"})
        query.addQueryItem(QLatin1String(key), image.value(QLatin1String(key)).toString());
    client_->get(QStringLiteral("/view?") + query.toString(QUrl::FullyEncoded),
                 guarded([this](const ComfyReply& r) {
                     if (!r.ok())
                         fail(r.error);
                     else
                         finishImage(r.body);
                 }));
}

void ComfyBackend::finishImage(const QByteArray& png) {
    Run& run = *run_;
    const QImage decoded = QImage::fromData(png);
    if (decoded.isNull()) {
        fail(tr("The ComfyUI server sent a picture that cannot be read."));
        return;
    }
    image::Image result;
    try {
        result = remote::finish_remote_picture(run.pictures, to_core_rgb(decoded));
    } catch (const Error& e) {
        fail(q(e.what()));
        return;
    }
    const std::string model = QFileInfo(q(run.inputs.checkpoint)).completeBaseName().toStdString();
    image::GenerationParameters params = pipeline::to_generation_parameters(
        run.request, uint64_t(run.request.seed), result.width, result.height, model);
    params.extra.emplace_back("Backend", "ComfyUI");
    last_seconds_ = run.clock.nsecsElapsed() / 1e9;
    last_previews_ = run.previews;
    last_progress_ = run.progress_events;
    Q_EMIT previewCost(0.0, last_seconds_, 0, run.previews);
    Q_EMIT imageReady(to_qimage(result), q(image::to_a1111_text(params)), run.request.seed,
                      int(run.index));
    silence_.stop();
    if (++run.index < run.job.requests.size()) {
        const size_t index = run.index;
        BackendJob job = std::move(run.job);
        *run_ = Run();
        run_->job = std::move(job);
        run_->index = index;
        startImage();
        return;
    }
    endJob();
}

void ComfyBackend::fail(const QString& message) {
    if (!run_) return;
    // The server may still hold the prompt: take it off its queue so a retry is not behind it.
    if (run_->posted) {
        const QByteArray del =
            QJsonDocument(QJsonObject{{QStringLiteral("delete"), QJsonArray{run_->prompt_id}}})
                .toJson(QJsonDocument::Compact);
        client_->postJson(QStringLiteral("/queue"), del, [](const ComfyReply&) {});
    }
    Q_EMIT failed(message);
    endJob();
}

void ComfyBackend::endJob() {
    run_.reset();
    ++serial_;
    silence_.stop();
    Q_EMIT jobDone();
    // Queued: the next job starts after the receivers of jobDone have run.
    QTimer::singleShot(0, this, &ComfyBackend::startNext);
}

void ComfyBackend::touch() {
    silence_.start(client_->connection().timeout_ms);
}

}  // namespace reverie::app
