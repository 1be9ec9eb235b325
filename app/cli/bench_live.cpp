#include "app/cli/bench_live.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/common/error.h"
#include "core/common/memory_stats.h"
#include "core/io/builtin_model.h"
#include "core/pipeline/pipeline.h"

namespace reverie::cli {

namespace {

// A canvas as a painter leaves it: a sky-to-ground gradient with a few strokes, the `run`th
// stroke new (so no run regenerates the very picture of the one before).
image::Image painted_canvas(int size, int run) {
    image::Image img(size, size, 3);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            img.at(x, y, 0) = uint8_t(40 + 120 * y / size);
            img.at(x, y, 1) = uint8_t(90 + 60 * x / size);
            img.at(x, y, 2) = uint8_t(200 - 120 * y / size);
        }
    for (int s = 0; s <= run; ++s) {
        const int cy = (size / 5 + s * size / 7) % size, r = std::max(2, size / 24);
        for (int y = std::max(0, cy - r); y < std::min(size, cy + r); ++y)
            for (int x = size / 6; x < size * 5 / 6; ++x) {
                img.at(x, y, 0) = 220;
                img.at(x, y, 1) = uint8_t(60 + 30 * s);
                img.at(x, y, 2) = 40;
            }
    }
    return img;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int bench_live(const LiveBenchOptions& o, bool json) {
    if (o.steps < 1 || o.steps > 150) throw Error("--steps must be between 1 and 150");
    if (o.runs < 1 || o.runs > 1000) throw Error("--runs must be between 1 and 1000");
    const std::string path = o.model ? *o.model : io::builtin_model_path();
    const auto model = pipeline::LoadedModel::load(path, o.device, o.dtype);
    const io::RecommendedSettings& rec = model->description().recommended;
    const int size = o.size > 0 ? o.size : model->default_size();
    pipeline::GenerationRequest r;
    r.prompt = "a red circle on a blue background";
    r.sampler = rec.sampler;
    r.karras = rec.karras;
    r.cfg_scale = rec.cfg_scale;
    r.steps = o.steps;
    r.strength = o.strength;
    r.seed = 1234;
    std::vector<double> ms;
    for (int run = 0; run <= o.runs; ++run) {
        r.init_image = painted_canvas(size, run);
        const auto t0 = std::chrono::steady_clock::now();
        const pipeline::GenerationResult result = pipeline::generate(*model, r);
        const double t =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        if (result.image.width != size) throw Error("internal: the live result has another size");
        if (run > 0) ms.push_back(t);  // run 0 warms up
    }
    const double regenerate = median(ms);
    nlohmann::ordered_json j;
    j["model"] = path;
    j["device"] = o.device.str();
    j["size"] = size;
    j["sampler"] = r.sampler + (r.karras ? " karras" : "");
    j["steps"] = o.steps;
    j["strength"] = o.strength;
    j["runs"] = o.runs;
    j["threads"] = torch::get_num_threads();
    j["regenerate_ms"] = regenerate;
    j["regenerate_min_ms"] = *std::min_element(ms.begin(), ms.end());
    j["pause_ms"] = o.pause_ms;
    j["stroke_to_picture_ms"] = regenerate + o.pause_ms;
    j["peak_rss_mb"] = peak_rss_mb();
    std::printf("live painting, %s, %d×%d, %s, %d steps, strength %.2f (median of %d)\n",
                j["device"].get<std::string>().c_str(), size, size,
                j["sampler"].get<std::string>().c_str(), o.steps, o.strength, o.runs);
    std::printf("  regenerate (img2img + decode)  %8.1f ms\n", regenerate);
    std::printf("  pause after the last edit      %8d ms\n", o.pause_ms);
    std::printf("  stroke to picture              %8.1f ms\n", regenerate + o.pause_ms);
    if (json) std::printf("%s\n", j.dump().c_str());
    return 0;
}

}  // namespace reverie::cli
