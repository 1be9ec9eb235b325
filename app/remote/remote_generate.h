#pragma once
// `reverie-cli generate --backend comfyui`: one request on a ComfyUI server through the studio's
// own ComfyBackend, from code that sees no Qt (the command-line tool). Runs a Qt event loop of
// its own until the image is in hand.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/image/image.h"
#include "core/pipeline/generation_request.h"

namespace reverie::app {

struct RemoteServer {
    std::string url;    // http(s)://host:port[/path], user:pass@ allowed
    std::string token;  // bearer token, or empty
    std::string loader = "CheckpointLoaderSimple";
    double timeout_s = 300;  // silence that ends the job
};

struct RemoteRequest {
    std::string model;  // a checkpoint as the server lists it
    pipeline::GenerationRequest request;
    std::vector<std::pair<std::string, double>> loras;  // name as the server lists it, scale
};

struct RemoteResult {
    image::Image image;      // RGB; inpainting composited over the original
    std::string parameters;  // A1111 infotext
    uint64_t seed = 0;
    std::vector<std::string> warnings;
    int progress_events = 0;
    int previews = 0;
    double seconds = 0;         // submit to picture in hand
    double server_seconds = 0;  // the server's execution_start to its result
};

struct RemoteCallbacks {
    std::function<void(int step, int total)> on_step;
    std::function<void(const std::string& status)> on_status;
    // As they come (they matter most when the job then fails); also kept in the result.
    std::function<void(const std::string& warning)> on_warning;
    // Polled every 50 ms; set -> the job is interrupted on the server and reverie::Cancelled
    // thrown.
    const std::atomic<bool>* cancel = nullptr;
};

// Throws reverie::Error with the backend's message when the job fails, reverie::Cancelled when
// cancelled.
RemoteResult generate_remote(const RemoteServer& server, const RemoteRequest& request,
                             const RemoteCallbacks& callbacks = {});

}  // namespace reverie::app
