// reverie-cli bench: times the engine's components on the real SD architecture with random weights
// (built from a preset config, no file needed) or on a given checkpoint. Median of --runs after one
// warm-up; a table on stdout, and with --json one object on the last line.
#include <torch/cuda.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/cli/args.h"
#include "app/cli/bench_controlnet.h"
#include "app/cli/commands.h"
#include "core/common/cpu_allocator.h"
#include "core/common/error.h"
#include "core/common/memory_stats.h"
#include "core/common/out_of_memory.h"
#include "core/io/asset_resolver.h"
#include "core/io/model_description.h"
#include "core/models/autoencoder_kl.h"
#include "core/models/clip_text_model.h"
#include "core/models/cuda_graph.h"
#include "core/models/device_tuning.h"
#include "core/models/module_offload.h"
#include "core/models/taesd.h"
#include "core/models/unet.h"
#include "core/pipeline/async_preview.h"
#include "core/pipeline/loaded_model.h"
#include "core/pipeline/memory_estimate.h"
#include "core/pipeline/step_pacer.h"
#include "core/sampling/sampler_factory.h"
#include "core/training/diffusers_export.h"

namespace fs = std::filesystem;

namespace reverie::cli {
namespace {

struct BenchModels {
    UNetConfig unet;
    VaeConfig vae;
    ClipTextConfig text;
};

// "tiny" is the architecture of the golden test models: a smoke test for CI.
BenchModels preset(const std::string& name) {
    if (name == "sd15") return {UNetConfig::sd15(), VaeConfig::sd(), ClipTextConfig::sd15()};
    if (name == "sd21") return {UNetConfig::sd21(), VaeConfig::sd(), ClipTextConfig::sd21()};
    if (name == "tiny") {
        BenchModels m{UNetConfig::sd15(), VaeConfig::sd(), ClipTextConfig::sd15()};
        m.unet.block_out_channels = {32, 32, 32, 64};
        m.unet.attention_heads = {4, 4, 4, 4};
        m.unet.cross_attention_dim = 16;
        m.vae.block_out_channels = {32, 32, 32, 32};
        m.text.hidden_size = 16;
        m.text.intermediate_size = 64;
        m.text.num_layers = 3;
        m.text.num_heads = 2;
        return m;
    }
    throw Error("unknown preset '" + name + "' (sd15, sd21, tiny)");
}

// The preset's random weights as a diffusers folder, for timing loads of a real-sized checkpoint
// (SD 1.5 in fp16: 2.1 GB) without downloading one.
void export_random(const std::string& preset_name, const std::string& dir,
                   torch::ScalarType dtype) {
    const BenchModels cfg = preset(preset_name);
    if (cfg.text.vocab_size != 49408)
        throw Error("--export writes a CLIP BPE tokenizer: only the sd15 preset has one");
    const io::AssetResolver assets;
    const auto vocab = assets.require("clip/vocab.json", "the exported model's tokenizer");
    const auto merges = assets.require("clip/merges.txt", "the exported model's tokenizer");
    const fs::path out(dir);
    training::save_networks(dir, ClipTextModel(cfg.text), {49406, 49407, 49407},
                            UNet2DConditionModel(cfg.unet), AutoencoderKL(cfg.vae), cfg.vae, 512,
                            dtype);
    fs::create_directories(out / "tokenizer");
    fs::copy_file(vocab, out / "tokenizer" / "vocab.json", fs::copy_options::overwrite_existing);
    fs::copy_file(merges, out / "tokenizer" / "merges.txt", fs::copy_options::overwrite_existing);
    training::write_json((out / "scheduler" / "scheduler_config.json").string(),
                         io::default_scheduler_config(io::Prediction::Epsilon));
    training::write_json((out / "model_index.json").string(),
                         training::model_index_json({"transformers", "CLIPTokenizer"}));
    std::printf("wrote %s (preset %s, random weights)\n", dir.c_str(), preset_name.c_str());
}

torch::ScalarType parse_dtype(const std::string& s) {
    if (s == "fp32") return torch::kFloat32;
    if (s == "fp16") return torch::kFloat16;
    if (s == "bf16") return torch::kBFloat16;
    throw Error("unknown dtype '" + s + "' (fp32, fp16, bf16)");
}

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
void txt2img(ClipTextModel& text, GraphedCall& unet, AutoencoderKL& vae, const torch::Tensor& ids,
             const torch::Tensor& noise, int steps, const std::function<void(io::Component)>& use) {
    use(io::Component::TextEncoder);
    const torch::Tensor context = text->forward(ids);
    auto sampler = sampling::make_sampler("dpmpp_2m", sampling::SchedulerConfig{});
    sampler->set_timesteps(steps);
    const double cfg_scale = 7.5;
    const auto dtype = context.scalar_type();
    // As the pipeline: the sampler in float32, the UNet in the model's dtype, the host kept one
    // step ahead of the device.
    pipeline::StepPacer pacer;
    const sampling::Denoiser denoise = [&](const torch::Tensor& x, const torch::Tensor& t) {
        const auto out =
            unet({torch::cat({x, x}).to(dtype), t.to(x.device(), t.scalar_type(), true), context})
                .to(torch::kFloat32)
                .chunk(2);
        const auto guided = out[0] + cfg_scale * (out[1] - out[0]);
        pacer.step(x.device());
        return guided;
    };
    use(io::Component::UNet);
    const torch::Tensor latent = sampler->sample(denoise, noise, nullptr);
    use(io::Component::Vae);
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

}  // namespace

int cmd_bench(const CommandArgs& argv) {
    Args args(argv, {"preset", "model", "export", "device", "dtype", "size", "runs", "threads"},
              {"json", "load-only", "no-cudnn-benchmark", "no-channels-last", "no-cuda-graphs",
               "offload", "controlnet"});
    const std::string preset_name = args.get_or("preset", "sd15");
    const std::string dtype_name = args.get_or("dtype", "fp32");
    const int64_t size = args.get_int("size", 512);
    const int runs = static_cast<int>(args.get_int("runs", 3));
    if (size < 64 || size > 4096 || size % 64 != 0)
        throw Error("--size must be a multiple of 64 between 64 and 4096");
    if (runs < 1 || runs > 1000) throw Error("--runs must be between 1 and 1000");
    // Threads = cores unless told otherwise (this LibTorch build starts with one intra-op thread).
    const int64_t threads =
        args.get_int("threads", std::max(1u, std::thread::hardware_concurrency()));
    if (threads < 1 || threads > 1024) throw Error("--threads must be between 1 and 1024");
    torch::set_num_threads(static_cast<int>(threads));

    std::string device_name = args.get_or("device", "cpu");
    if (device_name == "cuda" && !torch::cuda::is_available()) {
        std::fprintf(stderr,
                     "CUDA is not available in this build or machine; benchmarking on CPU\n");
        device_name = "cpu";
    }
    if (device_name != "cpu" && device_name != "cuda")
        throw Error("unknown device '" + device_name + "' (cpu, cuda)");
    const torch::Device device(device_name == "cuda" ? torch::kCUDA : torch::kCPU);
    const auto dtype = parse_dtype(dtype_name);
    const auto opts = torch::TensorOptions().device(device).dtype(dtype);

    if (args.get("export")) {
        export_random(preset_name, *args.get("export"), dtype);
        return 0;
    }
    c10::InferenceMode inference;
    // The engine's defaults (as the pipeline applies them); the flags measure what each is worth.
    DeviceTuning tuning;
    tuning.cudnn_benchmark = !args.flag("no-cudnn-benchmark");
    tuning.channels_last = !args.flag("no-channels-last");
    tune_backend(device, tuning);
    // Sequential offload: the networks wait in host memory, each uploaded when it runs.
    const bool offload = args.flag("offload") && device.is_cuda();
    std::unique_ptr<ModuleOffload> offloaded;
    ClipTextModel text{nullptr};
    UNet2DConditionModel unet{nullptr};
    AutoencoderKL vae{nullptr};
    TaesdDecoder taesd;
    double load_ms = -1;
    std::shared_ptr<pipeline::LoadedModel> loaded;
    if (args.get("model")) {
        // As the studio loads it: memory-mapped, converted to the device and dtype, ready to run.
        pipeline::LoadOptions load;
        load.vae_fp32 = false;
        load.cuda_graphs = false;
        load.offload = offload;
        const auto t0 = std::chrono::steady_clock::now();
        loaded = pipeline::LoadedModel::load(*args.get("model"), device, dtype, load);
        load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                      .count();
        text = loaded->text_encoder;
        unet = loaded->unet;
        vae = loaded->vae;
        if (loaded->taesd) taesd = *loaded->taesd;
        if (args.flag("load-only")) {
            std::printf("checkpoint load: %.1f ms, peak RSS %.0f MiB\n", load_ms, peak_rss_mb());
            if (args.flag("json"))
                std::printf("%s\n", nlohmann::json({{"model", *args.get("model")},
                                                    {"device", device_name},
                                                    {"dtype", dtype_name},
                                                    {"checkpoint_load_ms", load_ms},
                                                    {"peak_rss_mb", peak_rss_mb()}})
                                        .dump()
                                        .c_str());
            return 0;
        }
    } else {
        const BenchModels cfg = preset(preset_name);
        const torch::Device home = offload ? torch::Device(torch::kCPU) : device;
        text = ClipTextModel(cfg.text);
        text->to(home, dtype);
        unet = UNet2DConditionModel(cfg.unet);
        unet->to(home, dtype);
        vae = AutoencoderKL(cfg.vae);
        vae->to(home, dtype);
        // As the pipeline: channels-last for the UNet; the VAE decoder measured slower so.
        tune_layout(*unet, device, tuning);
        if (offload) {
            offloaded = std::make_unique<ModuleOffload>(device);
            offloaded->add(io::to_string(io::Component::TextEncoder), text.ptr());
            offloaded->add(io::to_string(io::Component::UNet), unet.ptr());
            offloaded->add(io::to_string(io::Component::Vae), vae.ptr());
        }
    }
    const std::function<void(io::Component)> use = [&](io::Component c) {
        if (loaded) loaded->use(c);
        if (offloaded) offloaded->activate(io::to_string(c));
    };
    taesd->to(device, dtype);
    tune_layout(*taesd, device, tuning);
    const BenchModels cfg{unet->config(), vae->config(), text->config()};
    const int64_t latent = size / cfg.vae.downscale();

    // Offloading moves the UNet's weights each image; a graph would hold their old addresses.
    const bool graphs = device.is_cuda() && !args.flag("no-cuda-graphs") && !offload;
    GraphedCall unet_call(
        [&](const std::vector<torch::Tensor>& in) {
            return unet->forward(in[0], in[1],
                                 Conditioning::unflatten(in, 2, unet->config().takes_vector(),
                                                         /*has_concat=*/false));
        },
        graphs);

    auto ids = torch::randint(0, cfg.text.vocab_size, {2, 77},
                              torch::TensorOptions().dtype(torch::kLong).device(device));
    auto context = torch::randn({2, 77, cfg.unet.cross_attention_dim}, opts);
    auto x = torch::randn({2, cfg.unet.in_channels, latent, latent}, opts);
    auto t = torch::tensor({500, 500}, torch::TensorOptions().dtype(torch::kLong).device(device));
    auto z = torch::randn({1, cfg.vae.latent_channels, latent, latent}, opts);

    nlohmann::ordered_json r;
    if (loaded) {
        r["model"] = *args.get("model");
        r["checkpoint_load_ms"] = load_ms;
    } else {
        r["preset"] = preset_name;
    }
    r["device"] = device_name;
    r["dtype"] = dtype_name;
    r["size"] = size;
    r["runs"] = runs;
    r["threads"] = torch::get_num_threads();
    r["cudnn_benchmark"] = device.is_cuda() && tuning.cudnn_benchmark;
    r["channels_last"] = device.is_cuda() && tuning.channels_last;
    r["offload"] = offload;
    r["text_encode_ms"] = median_ms(runs, device, [&] {
        use(io::Component::TextEncoder);
        text->forward(ids);
    });
    use(io::Component::UNet);
    r["cuda_graphs"] = graphs;
    r["unet_step_ms"] = median_ms(runs, device, [&] { unet_call({x, t, context}); });
    if (graphs) {
        r["cuda_graph_replayed"] = unet_call.replayed();
        if (!unet_call.replayed()) r["cuda_graph_fallback"] = unet_call.fallback_reason();
        r["unet_step_eager_ms"] = median_ms(runs, device, [&] { unet->forward(x, t, context); });
    }
    if (args.flag("controlnet")) {
        Conditioning text;
        text.context = context;
        bench_controlnet(r, unet, unet_call, x, t, text, r["unet_step_ms"].get<double>(),
                         [&](std::function<void()> fn) { return median_ms(runs, device, fn); });
    }
    r["vae_decode_ms"] = median_ms(runs, device, [&] {
        use(io::Component::Vae);
        vae->decode(z);
    });
    use(io::Component::UNet);  // the preview loop below runs the UNet
    GraphedCall taesd_call(
        [&](const std::vector<torch::Tensor>& in) { return taesd->forward(in[0]); }, graphs);
    r["taesd_decode_ms"] = median_ms(runs, device, [&] { taesd_call({z}); });
    if (graphs) r["taesd_decode_eager_ms"] = median_ms(runs, device, [&] { taesd->forward(z); });
    // What previews cost the loop. On the CPU the decode runs between steps: its time. On a GPU,
    // steps with a TAESD preview of each step's latent against the same steps without, decoded as
    // the studio does (on a stream of their own, collected at a later step).
    r["preview_overhead_pct"] =
        100.0 * r["taesd_decode_ms"].get<double>() / r["unet_step_ms"].get<double>();
    if (device.is_cuda()) {
        r["preview_overhead_serial_pct"] = r["preview_overhead_pct"];
        constexpr int kLoop = 10;
        pipeline::AsyncPreview preview([&](const torch::Tensor& l) { return taesd_call({l}); });
        int shown = 0;
        auto loop = [&](bool with_previews) {
            pipeline::StepPacer pacer;
            for (int i = 0; i < kLoop; ++i) {
                const auto out = unet_call({x, t, context});
                pacer.step(device);
                if (with_previews && preview.submit(out.narrow(0, 0, 1).narrow(1, 0, 4)))
                    shown += preview.take().width > 0;
            }
            if (with_previews) shown += preview.wait().width > 0;
        };
        const double plain = median_ms(runs, device, [&] { loop(false); });
        shown = 0;
        const double with = median_ms(runs, device, [&] { loop(true); });
        // Previews land when a decode has finished; the share of steps that got one, and what each
        // cost the loop.
        const double per_step = double(shown) / double(runs + 1) / kLoop;
        r["preview_overhead_pct"] = 100.0 * (with - plain) / plain;
        r["previews_per_step"] = per_step;
        r["preview_cost_pct_of_step"] =
            per_step > 0 ? 100.0 * (with - plain) / (per_step * kLoop) / (plain / kLoop) : 0.0;
    }
    // Measured when it takes under a minute; else the sum of its parts (a CPU run of SD 1.5 would
    // take minutes per sample).
    constexpr int kSteps = 20;
    const double estimate_ms = r["text_encode_ms"].get<double>() +
                               kSteps * r["unet_step_ms"].get<double>() +
                               r["vae_decode_ms"].get<double>();
    const bool measure = estimate_ms < 60e3;
    const auto noise =
        torch::randn({1, cfg.unet.in_channels, latent, latent}, opts.dtype(torch::kFloat32));
    r["txt2img_20_steps_s"] =
        (measure ? median_ms(runs, device,
                             [&] { txt2img(text, unet_call, vae, ids, noise, kSteps, use); })
                 : estimate_ms) /
        1e3;
    r["txt2img_measured"] = measure;
    r["unet_steps_per_s"] = 1e3 / r["unet_step_ms"].get<double>();
    r["peak_rss_mb"] = peak_rss_mb();
    if (!device.is_cuda()) {
        // What the memory estimate predicts for the two stages, beside what each one took.
        const auto est =
            pipeline::estimate_memory(cfg.unet, cfg.vae, int(size), int(size), 2,
                                      int(c10::elementSize(dtype)), int(c10::elementSize(dtype)));
        r["unet_step_peak_mb"] = stage_peak_mb([&] { unet->forward(x, t, context); });
        r["unet_step_estimate_mb"] = est.unet_mb;
        r["vae_decode_peak_mb"] = stage_peak_mb([&] { vae->decode(z); });
        r["vae_decode_estimate_mb"] = est.vae_mb;
    }
    // Reverie's CPU block cache (absent under REVERIE_CPU_ALLOCATOR=malloc or a sanitizer build).
    r["cpu_block_cache"] = cpu_allocator_installed();
    if (cpu_allocator_installed()) {
        const auto s = cpu_allocator_stats();
        r["cpu_block_cache_hits"] = s.hits;
        r["cpu_block_cache_misses"] = s.misses;
    }
    r["peak_gpu_mb"] =
        device.is_cuda() ? peak_gpu_mb(device.index() < 0 ? 0 : device.index()) : 0.0;

    std::printf("Reverie bench: %s, %s %s, %lldx%lld, %d run(s) after a warm-up, %d threads%s\n",
                loaded ? args.get("model")->c_str() : ("preset " + preset_name).c_str(),
                device_name.c_str(), dtype_name.c_str(), static_cast<long long>(size),
                static_cast<long long>(size), runs, torch::get_num_threads(),
                offload ? ", sequential offload" : "");
    if (loaded) std::printf("  %-34s %12.1f ms\n", "checkpoint load", load_ms);
    std::printf("  %-34s %12.1f ms\n", "text encoder (batch 2)", r["text_encode_ms"].get<double>());
    std::printf("  %-34s %12.1f ms\n", "UNet guided step (batch 2)",
                r["unet_step_ms"].get<double>());
    if (graphs)
        std::printf("  %-34s %12.1f ms\n", "  without CUDA graph",
                    r["unet_step_eager_ms"].get<double>());
    print_bench_controlnet(r);
    std::printf("  %-34s %12.1f ms\n", "VAE decode", r["vae_decode_ms"].get<double>());
    std::printf("  %-34s %12.1f ms\n", "TAESD preview decode", r["taesd_decode_ms"].get<double>());
    std::printf("  %-34s %12.2f %%\n", "preview cost per step",
                r["preview_overhead_pct"].get<double>());
    std::printf("  %-34s %12.2f s%s\n", "txt2img, 20 steps, 1 image",
                r["txt2img_20_steps_s"].get<double>(), measure ? "" : " (estimated)");
    std::printf("  %-34s %12.0f MiB\n", "peak RSS", r["peak_rss_mb"].get<double>());
    if (device.is_cuda())
        std::printf("  %-34s %12.0f MiB\n", "peak GPU memory", r["peak_gpu_mb"].get<double>());
    if (args.flag("json")) std::printf("%s\n", r.dump().c_str());
    return 0;
}

}  // namespace reverie::cli
