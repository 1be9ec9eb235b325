// reverie-cli bench: times the engine's components on the real SD architecture with random weights
// (built from a preset config, no file needed) or on a given checkpoint. Median of --runs after one
// warm-up; a table on stdout, and with --json one object on the last line. What it measures, one
// function each: the networks one call at a time, what previews cost the loop, a whole txt2img,
// and memory beside the estimate.
#include <torch/cuda.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/bench_controlnet.h"
#include "app/cli/bench_live.h"
#include "app/cli/bench_lora.h"
#include "app/cli/bench_networks.h"
#include "app/cli/commands.h"
#include "core/common/cpu_allocator.h"
#include "core/common/cpu_threads.h"
#include "core/common/error.h"
#include "core/common/memory_stats.h"
#include "core/common/out_of_memory.h"
#include "core/models/cuda_graph.h"
#include "core/pipeline/async_preview.h"
#include "core/pipeline/memory_estimate.h"
#include "core/pipeline/step_pacer.h"
#include "core/sampling/sampler_factory.h"

namespace reverie::cli {
namespace {

struct BenchOptions {
    std::string preset = "sd15";
    std::optional<std::string> model;
    std::string device_name = "cpu";
    std::string dtype_name = "fp32";
    torch::Device device{torch::kCPU};
    torch::ScalarType dtype = torch::kFloat32;
    int64_t size = 512;
    int runs = 3;
    bool offload = false;
    bool graphs = false;
    DeviceTuning tuning;
};

// The random inputs every measurement shares: a guided batch of 2 at the bench size.
struct BenchInputs {
    torch::Tensor ids, x, t, z, noise;
    Conditioning cond;  // context (and SDXL's vector)
    // The UNet call's inputs as GraphedCall takes them.
    std::vector<torch::Tensor> unet_args() const {
        std::vector<torch::Tensor> v{x, t};
        for (const auto& c : cond.flatten()) v.push_back(c);
        return v;
    }
};

double median_ms(int runs, const torch::Device& device, const std::function<void()>& fn) {
    auto sync = [&] {
        if (device.is_cuda()) torch::cuda::synchronize();
    };
    fn();  // warm-up: allocator, oneDNN primitive caches, cuDNN autotuning
    sync();
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        sync();
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

// A whole txt2img as the pipeline runs one: prompt and negative prompt encoded (batch 2), `steps`
// DPM++ 2M steps with classifier-free guidance (one UNet call of batch 2 each), VAE decode.
// `use` puts a network on the device first (sequential offload; a no-op otherwise).
void txt2img(BenchNetworks& n, GraphedCall& unet, const torch::Tensor& ids,
             const torch::Tensor& noise, int steps, int64_t size) {
    AutoencoderKL& vae = n.vae;
    const Conditioning cond = n.encode(ids, size);
    const torch::Tensor& context = cond.context;
    auto sampler = sampling::make_sampler("dpmpp_2m", sampling::SchedulerConfig{});
    sampler->set_timesteps(steps);
    const double cfg_scale = 7.5;
    const auto dtype = context.scalar_type();
    // As the pipeline: the sampler in float32, the UNet in the model's dtype, the host kept one
    // step ahead of the device.
    pipeline::StepPacer pacer;
    const sampling::Denoiser denoise = [&](const torch::Tensor& x, const torch::Tensor& t) {
        std::vector<torch::Tensor> args{torch::cat({x, x}).to(dtype),
                                        t.to(x.device(), t.scalar_type(), true)};
        for (const auto& c : cond.flatten()) args.push_back(c);
        const auto out = unet(args).to(torch::kFloat32).chunk(2);
        const auto guided = out[0] + cfg_scale * (out[1] - out[0]);
        pacer.step(x.device());
        return guided;
    };
    n.use(io::Component::UNet);
    const torch::Tensor latent = sampler->sample(denoise, noise, nullptr);
    n.use(io::Component::Vae);
    vae->decode((latent / vae->config().scaling_factor).to(dtype));
}

// How far one call raises the resident set above where it started (malloc's free heap handed back
// first, so memory kept from earlier calls does not hide the need); -1 where the peak cannot be
// reset.
double stage_peak_mb(const std::function<void()>& fn) {
    release_cached_memory();
    const double before = current_rss_mb();
    if (!reset_peak_rss()) return -1.0;
    fn();
    return peak_rss_mb() - before;
}

BenchOptions parse_bench_options(const Args& args) {
    BenchOptions o;
    o.preset = args.get_or("preset", o.preset);
    o.model = args.get("model");
    o.dtype_name = args.get_or("dtype", o.dtype_name);
    o.size = args.get_int("size", o.size);
    o.runs = static_cast<int>(args.get_int("runs", o.runs));
    if (o.size < 64 || o.size > 4096 || o.size % 64 != 0)
        throw Error("--size must be a multiple of 64 between 64 and 4096");
    if (o.runs < 1 || o.runs > 1000) throw Error("--runs must be between 1 and 1000");
    // Threads = cores unless told otherwise (--threads, or OMP_NUM_THREADS).
    if (args.get("threads")) {
        const int64_t threads = args.get_int("threads", 1);
        if (threads < 1 || threads > 1024) throw Error("--threads must be between 1 and 1024");
        choose_cpu_threads(static_cast<int>(threads));
    }
    use_all_cores_unless_told();
    // One device policy with generate: --device cuda without a GPU is an error.
    o.device = parse_device(args.get_or("device", o.device_name));
    o.device_name = o.device.is_cuda() ? "cuda" : "cpu";
    o.dtype = parse_dtype_name(o.dtype_name);
    // The engine's defaults (as the pipeline applies them); the flags measure what each is worth.
    o.tuning.cudnn_benchmark = !args.flag("no-cudnn-benchmark");
    o.tuning.channels_last = !args.flag("no-channels-last");
    // Sequential offload: the networks wait in host memory, each uploaded when it runs; a graph
    // would hold the addresses of weights each upload moves.
    o.offload = args.flag("offload") && o.device.is_cuda();
    o.graphs = o.device.is_cuda() && !args.flag("no-cuda-graphs") && !o.offload;
    return o;
}

// --live: the model given or the built-in one, at its own size unless --size says otherwise.
LiveBenchOptions live_options(const BenchOptions& o, const Args& args) {
    LiveBenchOptions l;
    l.model = o.model;
    l.device = o.device;
    l.dtype = o.dtype;
    l.size = args.get("size") ? int(o.size) : 0;
    l.steps = int(args.get_int("steps", l.steps));
    l.runs = args.get("runs") ? o.runs : l.runs;
    return l;
}

BenchInputs make_inputs(const BenchOptions& o, const BenchModels& cfg) {
    const auto opts = torch::TensorOptions().device(o.device).dtype(o.dtype);
    const int64_t latent = o.size / cfg.vae.downscale();
    BenchInputs in;
    in.ids = torch::randint(0, cfg.text.vocab_size, {2, 77},
                            torch::TensorOptions().dtype(torch::kLong).device(o.device));
    in.cond.context = torch::randn({2, 77, cfg.unet.cross_attention_dim}, opts);
    if (cfg.unet.takes_vector())
        in.cond.vector = torch::randn({2, cfg.unet.projection_class_embeddings_input_dim}, opts);
    in.x = torch::randn({2, cfg.unet.in_channels, latent, latent}, opts);
    in.t = torch::tensor({500, 500}, torch::TensorOptions().dtype(torch::kLong).device(o.device));
    in.z = torch::randn({1, cfg.vae.latent_channels, latent, latent}, opts);
    in.noise = torch::randn({1, cfg.unet.in_channels, latent, latent}, opts.dtype(torch::kFloat32));
    return in;
}

// One call of each network: text encoder, UNet step (with and without its CUDA graph), VAE and
// TAESD decodes.
void measure_networks(const BenchOptions& o, BenchNetworks& n, const BenchInputs& in,
                      GraphedCall& unet_call, GraphedCall& taesd_call, nlohmann::ordered_json& r) {
    r["text_encode_ms"] = median_ms(o.runs, o.device, [&] {
        n.use(io::Component::TextEncoder);
        n.encode(in.ids, o.size);
    });
    n.use(io::Component::UNet);
    r["cuda_graphs"] = o.graphs;
    r["unet_step_ms"] = median_ms(o.runs, o.device, [&] { unet_call(in.unet_args()); });
    if (o.graphs) {
        r["cuda_graph_replayed"] = unet_call.replayed();
        if (!unet_call.replayed()) r["cuda_graph_fallback"] = unet_call.fallback_reason();
        r["unet_step_eager_ms"] =
            median_ms(o.runs, o.device, [&] { n.unet->forward(in.x, in.t, in.cond); });
    }
    r["vae_decode_ms"] = median_ms(o.runs, o.device, [&] {
        n.use(io::Component::Vae);
        n.vae->decode(in.z);
    });
    n.use(io::Component::UNet);  // the preview loop after this runs the UNet
    r["taesd_decode_ms"] = median_ms(o.runs, o.device, [&] { taesd_call({in.z}); });
    if (o.graphs)
        r["taesd_decode_eager_ms"] = median_ms(o.runs, o.device, [&] { n.taesd->forward(in.z); });
}

// What previews cost the loop. On the CPU the decode runs between steps: its time. On a GPU,
// steps with a TAESD preview of each step's latent against the same steps without, decoded as
// the studio does (on a stream of their own, collected at a later step).
void measure_preview_overhead(const BenchOptions& o, const BenchInputs& in, GraphedCall& unet_call,
                              GraphedCall& taesd_call, nlohmann::ordered_json& r) {
    r["preview_overhead_pct"] =
        100.0 * r["taesd_decode_ms"].get<double>() / r["unet_step_ms"].get<double>();
    if (!o.device.is_cuda()) return;
    r["preview_overhead_serial_pct"] = r["preview_overhead_pct"];
    constexpr int kLoop = 10;
    pipeline::AsyncPreview preview([&](const torch::Tensor& l) { return taesd_call({l}); });
    int shown = 0;
    auto loop = [&](bool with_previews) {
        pipeline::StepPacer pacer;
        for (int i = 0; i < kLoop; ++i) {
            const auto out = unet_call(in.unet_args());
            pacer.step(o.device);
            if (with_previews && preview.submit(out.narrow(0, 0, 1).narrow(1, 0, 4)))
                shown += preview.take().width > 0;
        }
        if (with_previews) shown += preview.wait().width > 0;
    };
    const double plain = median_ms(o.runs, o.device, [&] { loop(false); });
    shown = 0;
    const double with = median_ms(o.runs, o.device, [&] { loop(true); });
    // Previews land when a decode has finished; the share of steps that got one, and what each
    // cost the loop.
    const double per_step = double(shown) / double(o.runs + 1) / kLoop;
    r["preview_overhead_pct"] = 100.0 * (with - plain) / plain;
    r["previews_per_step"] = per_step;
    r["preview_cost_pct_of_step"] =
        per_step > 0 ? 100.0 * (with - plain) / (per_step * kLoop) / (plain / kLoop) : 0.0;
}

// A whole txt2img: measured when it takes under a minute; else the sum of its parts (a CPU run of
// SD 1.5 would take minutes per sample).
void measure_txt2img(const BenchOptions& o, BenchNetworks& n, const BenchInputs& in,
                     GraphedCall& unet_call, nlohmann::ordered_json& r) {
    constexpr int kSteps = 20;
    const double estimate_ms = r["text_encode_ms"].get<double>() +
                               kSteps * r["unet_step_ms"].get<double>() +
                               r["vae_decode_ms"].get<double>();
    const bool measure = estimate_ms < 60e3;
    r["txt2img_20_steps_s"] =
        (measure ? median_ms(o.runs, o.device,
                             [&] { txt2img(n, unet_call, in.ids, in.noise, kSteps, o.size); })
                 : estimate_ms) /
        1e3;
    r["txt2img_measured"] = measure;
    r["unet_steps_per_s"] = 1e3 / r["unet_step_ms"].get<double>();
}

// Peak memory: the process, each stage beside what the memory estimate predicts (CPU), Reverie's
// CPU block cache, the GPU.
void measure_memory(const BenchOptions& o, BenchNetworks& n, const BenchInputs& in,
                    nlohmann::ordered_json& r) {
    r["peak_rss_mb"] = peak_rss_mb();
    if (!o.device.is_cuda()) {
        const BenchModels cfg = n.configs();
        const int bytes = int(c10::elementSize(o.dtype));
        const auto est =
            pipeline::estimate_memory(cfg.unet, cfg.vae, int(o.size), int(o.size), 2, bytes, bytes);
        r["unet_step_peak_mb"] = stage_peak_mb([&] { n.unet->forward(in.x, in.t, in.cond); });
        r["unet_step_estimate_mb"] = est.unet_mb;
        r["vae_decode_peak_mb"] = stage_peak_mb([&] { n.vae->decode(in.z); });
        r["vae_decode_estimate_mb"] = est.vae_mb;
    }
    // Absent under REVERIE_CPU_ALLOCATOR=malloc or a sanitizer build.
    r["cpu_block_cache"] = cpu_allocator_installed();
    if (cpu_allocator_installed()) {
        const auto s = cpu_allocator_stats();
        r["cpu_block_cache_hits"] = s.hits;
        r["cpu_block_cache_misses"] = s.misses;
    }
    r["peak_gpu_mb"] =
        o.device.is_cuda() ? peak_gpu_mb(o.device.index() < 0 ? 0 : o.device.index()) : 0.0;
}

void print_report(const BenchOptions& o, const nlohmann::ordered_json& r) {
    const bool loaded = o.model.has_value();
    auto ms = [&](const char* label, const char* key) {
        std::printf("  %-34s %12.1f ms\n", label, r[key].get<double>());
    };
    std::printf("Reverie bench: %s, %s %s, %lldx%lld, %d run(s) after a warm-up, %d threads%s\n",
                loaded ? o.model->c_str() : ("preset " + o.preset).c_str(), o.device_name.c_str(),
                o.dtype_name.c_str(), static_cast<long long>(o.size),
                static_cast<long long>(o.size), o.runs, torch::get_num_threads(),
                o.offload ? ", sequential offload" : "");
    if (loaded) ms("checkpoint load", "checkpoint_load_ms");
    ms("text encoder (batch 2)", "text_encode_ms");
    ms("UNet guided step (batch 2)", "unet_step_ms");
    if (o.graphs) ms("  without CUDA graph", "unet_step_eager_ms");
    if (r.contains("cuda_graph_fallback"))
        std::printf("  CUDA graph not used: %s\n",
                    r["cuda_graph_fallback"].get<std::string>().c_str());
    print_bench_controlnet(r);
    ms("VAE decode", "vae_decode_ms");
    ms("TAESD preview decode", "taesd_decode_ms");
    std::printf("  %-34s %12.2f %%\n", "preview cost per step",
                r["preview_overhead_pct"].get<double>());
    std::printf("  %-34s %12.2f s%s\n", "txt2img, 20 steps, 1 image",
                r["txt2img_20_steps_s"].get<double>(),
                r["txt2img_measured"].get<bool>() ? "" : " (estimated)");
    std::printf("  %-34s %12.0f MiB\n", "peak RSS", r["peak_rss_mb"].get<double>());
    if (o.device.is_cuda())
        std::printf("  %-34s %12.0f MiB\n", "peak GPU memory", r["peak_gpu_mb"].get<double>());
}

}  // namespace

int cmd_bench(const CommandArgs& argv) {
    Args args(argv,
              {"preset", "model", "export", "device", "dtype", "size", "runs", "threads",
               "lora-rank", "steps"},
              {"json", "load-only", "no-cudnn-benchmark", "no-channels-last", "no-cuda-graphs",
               "offload", "controlnet", "live"});
    const BenchOptions o = parse_bench_options(args);
    if (args.flag("live")) return bench_live(live_options(o, args), args.flag("json"));
    if (auto dir = args.get("export")) {
        export_random(o.preset, *dir, o.dtype);
        return 0;
    }
    c10::InferenceMode inference;
    tune_backend(o.device, o.tuning);
    BenchNetworks n =
        load_bench_networks(o.model, o.preset, o.device, o.dtype, o.offload, o.tuning);
    if (n.loaded && args.flag("load-only")) {
        std::printf("checkpoint load: %.1f ms, peak RSS %.0f MiB\n", n.load_ms, peak_rss_mb());
        if (args.flag("json"))
            std::printf("%s\n", nlohmann::json({{"model", *o.model},
                                                {"device", o.device_name},
                                                {"dtype", o.dtype_name},
                                                {"checkpoint_load_ms", n.load_ms},
                                                {"peak_rss_mb", peak_rss_mb()}})
                                    .dump()
                                    .c_str());
        return 0;
    }
    if (args.get("lora-rank")) {
        const bool cpu = o.device.is_cpu() && !o.offload;
        return bench_lora_apply(
            {{adapters::kTextEncoder, n.text.ptr().get()},
             {adapters::kTextEncoder2, n.text_2 ? n.text_2.ptr().get() : nullptr},
             {adapters::kUNet, n.unet.ptr().get()}},
            int(args.get_int("lora-rank", 32)), args.flag("json"),
            // As the pipeline chooses (model_adapters.cpp); a checkpoint is mapped already.
            cpu ? adapters::WeightPatcher::Mode::Replace : adapters::WeightPatcher::Mode::InPlace,
            cpu && !n.loaded);
    }
    const BenchInputs in = make_inputs(o, n.configs());
    GraphedCall unet_call(
        [&](const std::vector<torch::Tensor>& v) {
            return n.unet->forward(v[0], v[1],
                                   Conditioning::unflatten(v, 2, n.unet->config().takes_vector(),
                                                           /*has_concat=*/false));
        },
        o.graphs);
    GraphedCall taesd_call(
        [&](const std::vector<torch::Tensor>& v) { return n.taesd->forward(v[0]); }, o.graphs);

    nlohmann::ordered_json r;
    if (n.loaded) {
        r["model"] = *o.model;
        r["checkpoint_load_ms"] = n.load_ms;
    } else {
        r["preset"] = o.preset;
    }
    r["device"] = o.device_name;
    r["dtype"] = o.dtype_name;
    r["size"] = o.size;
    r["runs"] = o.runs;
    r["threads"] = torch::get_num_threads();
    r["cudnn_benchmark"] = o.device.is_cuda() && o.tuning.cudnn_benchmark;
    r["channels_last"] = o.device.is_cuda() && o.tuning.channels_last;
    r["offload"] = o.offload;
    measure_networks(o, n, in, unet_call, taesd_call, r);
    if (args.flag("controlnet")) {
        n.use(io::Component::UNet);
        bench_controlnet(r, n.unet, unet_call, in.x, in.t, in.cond, r["unet_step_ms"].get<double>(),
                         [&](std::function<void()> fn) { return median_ms(o.runs, o.device, fn); });
    }
    measure_preview_overhead(o, in, unet_call, taesd_call, r);
    measure_txt2img(o, n, in, unet_call, r);
    measure_memory(o, n, in, r);
    print_report(o, r);
    if (args.flag("json")) std::printf("%s\n", r.dump().c_str());
    return 0;
}

}  // namespace reverie::cli
