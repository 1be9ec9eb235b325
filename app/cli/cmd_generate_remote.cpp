// reverie-cli generate --backend comfyui --server URL [--comfy-loader NODE] --model NAME ...
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "app/cli/generate_remote.h"
#include "app/remote/remote_generate.h"
#include "core/common/error.h"
#include "core/image/image_io.h"

namespace reverie::cli {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
    g_interrupted.store(true);
}

// NAME[:SCALE]; a suffix that is not a number stays part of the name.
std::pair<std::string, double> parse_lora(const std::string& spec) {
    const auto colon = spec.rfind(':');
    if (colon != std::string::npos && colon > 0) {
        const std::string tail = spec.substr(colon + 1);
        char* end = nullptr;
        const double scale = std::strtod(tail.c_str(), &end);
        if (!tail.empty() && *end == '\0') return {spec.substr(0, colon), scale};
    }
    if (spec.empty()) throw Error("--lora needs a name: --lora NAME[:SCALE]");
    return {spec, 1.0};
}

}  // namespace

int generate_on_comfyui(const Args& args, pipeline::GenerationRequest request) {
    app::RemoteServer server;
    const auto url = args.get("server");
    if (!url) throw Error("--backend comfyui needs --server URL (e.g. http://127.0.0.1:8188)");
    server.url = *url;
    server.loader = args.get_or("comfy-loader", server.loader);
    server.timeout_s = args.get_double("timeout", server.timeout_s);
    if (server.timeout_s <= 0) throw Error("--timeout must be a number of seconds above 0");
    // A token on the command line would sit in the shell history and the process list.
    if (const char* token = std::getenv("REVERIE_COMFY_TOKEN")) server.token = token;
    for (const char* local_only : {"out-latents", "scheduler-config", "vae-tiling", "latent-mask"})
        if (args.get(local_only))
            throw Error(std::string("--") + local_only +
                        " is for the local engine, not --backend comfyui");
    for (const char* ignored : {"device", "dtype"})
        if (args.get(ignored))
            std::fprintf(stderr,
                         "note: --%s is ignored with --backend comfyui (the server decides)\n",
                         ignored);

    app::RemoteRequest job;
    const auto model = args.get("model");
    if (!model)
        throw Error("--backend comfyui needs --model NAME, a checkpoint as the server lists it");
    job.model = *model;
    for (const std::string& spec : args.get_all("lora")) job.loras.push_back(parse_lora(spec));
    if (request.seed < 0) request.seed = int64_t(std::random_device{}() & 0xffffffffu);
    job.request = std::move(request);

    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    const bool tty = isatty(fileno(stderr));
    app::RemoteCallbacks callbacks;
    callbacks.cancel = &g_interrupted;
    callbacks.on_status = [](const std::string& s) { std::fprintf(stderr, "%s\n", s.c_str()); };
    callbacks.on_step = [tty](int step, int total) {
        std::fprintf(stderr, tty ? "\rstep %d/%d" : "step %d/%d\n", step, total);
        if (tty && step == total) std::fprintf(stderr, "\n");
    };
    callbacks.on_warning = [](const std::string& w) {
        std::fprintf(stderr, "warning: %s\n", w.c_str());
    };
    const app::RemoteResult result = app::generate_remote(server, job, callbacks);
    std::fprintf(stderr,
                 "remote: %d progress events, %d previews, %.3f s in all, %.3f s on the server\n",
                 result.progress_events, result.previews, result.seconds, result.server_seconds);

    const std::string out = args.get_or("out", "reverie-" + std::to_string(result.seed) + ".png");
    image::save_png(out, result.image, {{"parameters", result.parameters}});
    std::printf("%s\nseed: %llu\n", out.c_str(), static_cast<unsigned long long>(result.seed));
    return 0;
}

}  // namespace reverie::cli
