#pragma once
// The studio's jobs on a ComfyUI server, through its core API only (any ComfyUI, no custom
// nodes): per image it reads the nodes it needs from /object_info (loader, KSampler, LoraLoader),
// uploads the picture and mask, posts the graph core/remote builds, follows /ws (progress, JPEG
// previews, the result node) and fetches the result with /view. Cancel is POST /interrupt plus
// /queue {delete}. A dead server, a lost connection, a refused graph (node_errors) and silence
// beyond the timeout each end the job with a message naming the server (never its credentials).
#include <QElapsedTimer>
#include <QJsonObject>
#include <QStringList>
#include <QTimer>
#include <deque>
#include <functional>
#include <memory>

#include "app/backend/backend.h"
#include "app/remote/comfy_connection.h"
#include "core/remote/comfy_object_info.h"

namespace reverie::app {

class ComfyClient;
struct ComfyReply;

class ComfyBackend : public Backend {
    Q_OBJECT
  public:
    explicit ComfyBackend(QObject* parent = nullptr);
    ~ComfyBackend() override;

    void setConnection(const ComfyConnection& connection);
    const ComfyConnection& connection() const;

    void submit(const BackendJob& job) override;
    void cancel() override;

    // GET /system_stats: "ComfyUI 0.3.64 · cuda:0 NVIDIA … · 24.0 GB VRAM (20.1 free)", or the
    // error. For Settings' "Test connection".
    void testConnection(std::function<void(const QString& summary, const QString& error)> done);
    // The checkpoints the loader node offers, for the model picker.
    void listCheckpoints(std::function<void(const QStringList& names, const QString& error)> done);
    // What `node`'s `input` offers (ControlNetLoader's control_net_name, ...), from /object_info.
    void listChoices(const QString& node, const QString& input,
                     std::function<void(const QStringList& names, const QString& error)> done);

    // Of the last finished image: seconds from submit to the picture in hand, and the server's
    // own time (from its execution_start to its result, as heard here), for the round-trip figure.
    double lastSeconds() const { return last_seconds_; }
    double lastServerSeconds() const { return last_server_seconds_; }
    int lastPreviewCount() const { return last_previews_; }
    int lastProgressCount() const { return last_progress_; }

  private:
    struct Run;

    void startNext();
    void startImage();
    void readServer();
    void uploadPictures();
    void postGraph();
    void onMessage(const QJsonObject& message);
    void onBinary(const QByteArray& frame);
    void onSocketClosed(const QString& reason);
    void fetchResult(const QJsonObject& image);
    void finishImage(const QByteArray& png);
    void fail(const QString& message);
    void endJob();
    void touch();  // restarts the silence timer
    // Calls `next` unless the run it was started for has ended meanwhile.
    std::function<void(const ComfyReply&)> guarded(std::function<void(const ComfyReply&)> next);

    std::unique_ptr<ComfyClient> client_;  // Qt Network stays out of this header
    std::deque<BackendJob> queue_;
    std::unique_ptr<Run> run_;
    int ending_ = 0;      // cancelled jobs whose events are still to be sent
    quint64 serial_ = 0;  // bumps whenever a run ends: late answers for it are dropped
    QTimer silence_;
    double last_seconds_ = 0, last_server_seconds_ = 0;
    int last_previews_ = 0, last_progress_ = 0;
};

}  // namespace reverie::app
