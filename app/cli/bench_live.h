#pragma once
// `reverie-cli bench --live`: live painting's stroke-to-picture latency (issue 23's budget:
// ≤ 1.5 s at 128² on the built-in model on this CPU, ≤ 150 ms for SD 1.5 at 512² on a GPU).
#include <optional>
#include <string>

#include <torch/torch.h>

namespace reverie::cli {

struct LiveBenchOptions {
    std::optional<std::string> model;  // none: the built-in model
    torch::Device device{torch::kCPU};
    torch::ScalarType dtype = torch::kFloat32;
    int size = 0;   // 0: the model's own
    int steps = 6;  // live painting's default step count
    int runs = 5;
    // The studio waits this long after the last edit before it asks (ui::LivePainting::kPauseMs),
    // so a burst of edits makes one request.
    int pause_ms = 150;
    double strength = 0.6;
};

// What the studio does after a stroke ends, with the model loaded and warm: an image-to-image
// regeneration of the painted canvas at the live step count with the model's recommended
// sampler, decoded to a picture. Each run paints another stroke first. Median of the runs after
// one warm-up; the latency is the pause plus that median. A table, or with `json` one object.
int bench_live(const LiveBenchOptions& options, bool json);

}  // namespace reverie::cli
