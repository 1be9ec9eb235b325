// reverie-cli generate: one txt2img / img2img / inpainting generation from the command line.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/control_args.h"
#include "app/cli/generate_remote.h"
#include "app/cli/mask_args.h"
#include "app/cli/progress_line.h"
#include "core/adapters/adapter_set.h"
#include "core/common/error.h"
#include "core/image/generation_parameters.h"
#include "core/image/image_io.h"
#include "core/image/mask_ops.h"
#include "core/image/png_parameters.h"
#include "core/io/builtin_model.h"
#include "core/io/checkpoint.h"
#include "core/io/safetensors.h"
#include "core/pipeline/model_defaults.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/request_parameters.h"

namespace reverie::cli {

namespace {

constexpr const char* kUsage =
    "usage: reverie-cli generate [--model PATH] --prompt TEXT [--negative-prompt TEXT] [--steps "
    "N]\n"
    "  [--cfg-scale F] [--sampler NAME] [--karras|--no-karras] [--seed N] [--width W] [--height "
    "H]\n"
    "  [--clip-skip N] [--init-image FILE --strength F] [--mask FILE] [--mask-blur PX]\n"
    "  [--mask-grow PX (negative shrinks)] [--invert-mask] [--mask-mode hard|soft]\n"
    "  [--masked-content original|fill|latent-noise|latent-nothing]\n"
    "  [--inpaint-full-res --inpaint-padding PX]  (the crop at --width/--height, else the "
    "model's size)\n"
    "  [--device cpu|cuda|auto] [--dtype fp32|fp16|bf16]\n"
    "  [--offload]  (GPU: only the running network on the device, for cards of 4 GB)\n"
    "  [--out FILE.png] [--out-latents FILE.safetensors] [--from-png FILE]\n"
    "  [--vae-tiling auto|on|off]  (auto: tiles above 1024x1024 pixels)\n"
    "  [--lora FILE[:SCALE[:UNET_SCALE]]]...  (LoRA/LyCORIS, merged in order)\n"
    "  [--lora-dir DIR]...  (where a prompt's <lora:NAME:TE:UNET> is found)\n"
    "  [--embeddings-dir DIR]  (textual inversion, named by file name; default: MODEL/embeddings)\n"
    "  advanced: [--scheduler-config FILE.json] [--plain-prompt]\n"
    "  [--latent-mask cover|nearest]  (inpainting with an ordinary UNet; nearest: as diffusers)\n"
    "  SDXL: [--prompt-2 TEXT] [--negative-prompt-2 TEXT] [--original-size WxH]\n"
    "  [--crop-coords TOP,LEFT] [--target-size WxH]\n"
    "  [--refiner MODEL [--refiner-switch F]]  (A1111's 'Refiner switch at', default 0.8)\n"
    "  [--aesthetic-score F]  (refiner; 6 by default)\n"
    "  ControlNet, per unit (each --controlnet starts one; the --control-* after it belong to "
    "it):\n"
    "  [--controlnet PATH --control-image IMG [--control-scale S] [--control-start A]\n"
    "   [--control-end B] [--control-mode balanced|prompt|control]\n"
    "   [--control-preprocess none|canny|scribble|tile|inpaint] [--control-canny LOW,HIGH]\n"
    "   [--control-resize just-resize|crop-and-resize|resize-and-fill]] ...\n"

    "  remote: --backend comfyui --server URL --model NAME [--comfy-loader NODE]\n"
    "  [--lora NAME[:SCALE]]... [--timeout S]  (NAME as the ComfyUI server lists it; a bearer\n"
    "  token comes from $REVERIE_COMFY_TOKEN, basic auth from URL user:pass@)";

// "1024x768" -> {1024, 768}.
pipeline::SizeConditioning parse_size(const std::string& option, const std::string& s) {
    int w = 0, h = 0;
    char x = 0, rest = 0;
    if (std::sscanf(s.c_str(), "%d%c%d%c", &w, &x, &h, &rest) != 3 || (x != 'x' && x != 'X') ||
        w <= 0 || h <= 0 || w > 65536 || h > 65536)
        throw Error("--" + option + " must be WIDTHxHEIGHT (e.g. 1024x1024), got '" + s + "'");
    return {w, h};
}

// "TOP,LEFT" -> crop coordinates in pixels.
void parse_crop(const std::string& s, int& top, int& left) {
    char rest = 0;
    if (std::sscanf(s.c_str(), "%d,%d%c", &top, &left, &rest) != 2 || top < 0 || left < 0 ||
        top > 65536 || left > 65536)
        throw Error("--crop-coords must be TOP,LEFT in pixels (e.g. 0,0), got '" + s + "'");
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error("cannot read '" + path + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The model's recommended settings first (the built-in model has its own), then the PNG's, then
// the command line's.
pipeline::GenerationRequest build_request(const Args& args, const io::RecommendedSettings& rec) {
    pipeline::GenerationRequest r;
    pipeline::apply_model_defaults(rec, r);
    if (auto png = args.get("from-png")) {
        auto text = image::read_png_parameters(*png);
        if (!text) throw Error("'" + *png + "' has no 'parameters' text chunk");
        pipeline::apply_generation_parameters(image::parse_a1111_text(*text), r);
    } else if (!args.get("prompt")) {
        throw Error("--prompt is required (or --from-png)");
    }
    r.prompt = args.get_or("prompt", r.prompt);
    r.negative_prompt = args.get_or("negative-prompt", r.negative_prompt);
    r.steps = int(args.get_int("steps", r.steps));
    r.cfg_scale = args.get_double("cfg-scale", r.cfg_scale);
    // A sampler named on the command line is that sampler: Karras sigmas only when asked for
    // (a model's recommended "DPM++ 2M Karras" does not turn "--sampler euler" into Euler Karras).
    if (auto sampler = args.get("sampler")) {
        r.sampler = *sampler;
        r.karras = false;
    }
    if (args.flag("karras")) r.karras = true;
    if (args.flag("no-karras")) r.karras = false;
    r.seed = args.get_int("seed", r.seed);
    r.width = int(args.get_int("width", r.width));
    r.height = int(args.get_int("height", r.height));
    r.clip_skip = int(args.get_int("clip-skip", r.clip_skip));
    r.prompt_2 = args.get_or("prompt-2", r.prompt_2);
    r.negative_prompt_2 = args.get_or("negative-prompt-2", r.negative_prompt_2);
    if (auto v = args.get("original-size")) r.original_size = parse_size("original-size", *v);
    if (auto v = args.get("target-size")) r.target_size = parse_size("target-size", *v);
    if (auto v = args.get("crop-coords")) parse_crop(*v, r.crop_top, r.crop_left);
    r.aesthetic_score = args.get_double("aesthetic-score", r.aesthetic_score);
    if (auto v = args.get("refiner")) r.refiner = *v;
    r.refiner_switch = args.get_double("refiner-switch", r.refiner_switch);
    r.strength = args.get_double("strength", r.strength);
    if (args.flag("plain-prompt")) r.prompt_syntax = false;
    if (auto f = args.get("scheduler-config")) r.scheduler_config_json = read_text(*f);
    if (auto f = args.get("init-image")) r.init_image = image::load_image(*f).rgb;
    if (auto f = args.get("mask")) {
        if (!r.init_image) throw Error("--mask needs --init-image");
        r.mask = image::load_mask(*f).mask;
    }
    read_mask_options(args, r.mask_options);
    // Local LoRAs (the ComfyUI backend reads --lora as the server's names, generate_remote.cpp).
    for (const auto& l : args.get_all("lora")) r.loras.push_back(adapters::parse_lora_argument(l));
    if (auto d = args.get("embeddings-dir")) r.embeddings_dir = *d;
    r.lora_dirs = args.get_all("lora-dir");
    // After --from-png: its units' settings are the defaults of the command line's.
    r.control = parse_control_units(args, r.control);
    if (auto t = args.get("vae-tiling")) {
        using T = pipeline::GenerationRequest::VaeTiling;
        if (*t == "auto")
            r.vae_tiling = T::Auto;
        else if (*t == "on")
            r.vae_tiling = T::On;
        else if (*t == "off")
            r.vae_tiling = T::Off;
        else
            throw Error("--vae-tiling must be auto, on or off, got '" + *t + "'");
    }
    return r;
}

}  // namespace

int cmd_generate(const CommandArgs& argv) {
    std::set<std::string> valued = {"model",
                                    "prompt",
                                    "negative-prompt",
                                    "steps",
                                    "cfg-scale",
                                    "sampler",
                                    "seed",
                                    "width",
                                    "height",
                                    "clip-skip",
                                    "init-image",
                                    "strength",
                                    "mask",
                                    "mask-blur",
                                    "inpaint-padding",
                                    "device",
                                    "dtype",
                                    "out",
                                    "out-latents",
                                    "from-png",
                                    "scheduler-config",
                                    "vae-tiling",
                                    "latent-mask",
                                    "prompt-2",
                                    "negative-prompt-2",
                                    "original-size",
                                    "target-size",
                                    "crop-coords",
                                    "aesthetic-score",
                                    "refiner",
                                    "refiner-switch",
                                    "backend",
                                    "server",
                                    "comfy-loader",
                                    "lora",
                                    "lora-dir",
                                    "embeddings-dir",
                                    "timeout",
                                    "mask-grow",
                                    "mask-mode",
                                    "masked-content"};
    valued.insert(control_options().begin(), control_options().end());
    Args args(argv, valued,
              {"karras", "no-karras", "inpaint-full-res", "invert-mask", "plain-prompt", "offload",
               "help"});
    if (args.flag("help")) {
        std::printf("%s\n", kUsage);
        return 0;
    }
    if (!args.positional().empty())
        throw Error("unexpected argument '" + args.positional()[0] + "' (see generate --help)");
    const std::string backend = args.get_or("backend", "local");
    if (backend == "comfyui") return generate_on_comfyui(args, build_request(args, {}));
    if (backend != "local")
        throw Error("--backend must be local or comfyui, got '" + backend + "'");
    for (const char* remote_only : {"server", "comfy-loader", "timeout"})
        if (args.get(remote_only))
            throw Error(std::string("--") + remote_only + " needs --backend comfyui");
    // No model: the built-in one.
    const auto model_path =
        std::optional<std::string>(args.get_or("model", io::builtin_model_path()));
    auto request =
        build_request(args, io::Checkpoint::open(*model_path)->description().recommended);

    const torch::Device device = parse_device(args.get_or("device", "cpu"));
    const torch::ScalarType dtype = parse_dtype(args.get_or("dtype", "fp32"), device);
    std::fprintf(stderr, "loading %s\n", model_path->c_str());
    pipeline::LoadOptions load;
    load.offload = args.flag("offload");
    auto model = pipeline::LoadedModel::load(*model_path, device, dtype, load);
    std::shared_ptr<pipeline::LoadedModel> refiner;
    if (!request.refiner.empty()) {
        std::fprintf(stderr, "loading refiner %s\n", request.refiner.c_str());
        refiner = pipeline::LoadedModel::load(request.refiner, device, dtype, load);
        request.refiner = refiner->description().name;  // the PNG names it as A1111 does
    }

    pipeline::PipelineCallbacks callbacks;
    ProgressLine progress;  // in a log: a line per step
    callbacks.on_step = [&progress](int step, int total, const torch::Tensor&,
                                    const torch::Tensor&) {
        progress.update("step " + std::to_string(step) + "/" + std::to_string(total),
                        step == total);
    };
    const auto result = pipeline::generate(*model, request, callbacks, refiner.get());
    for (const auto& w : result.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());

    const std::string out = args.get_or("out", "reverie-" + std::to_string(result.seed) + ".png");
    image::save_png(out, result.image, {{"parameters", result.parameters}});
    if (auto latents = args.get("out-latents"))
        io::save_safetensors(*latents,
                             {{"latents", result.latents.to(torch::kFloat32).contiguous()}});
    std::printf("%s\nseed: %llu\n", out.c_str(), static_cast<unsigned long long>(result.seed));
    return 0;
}

}  // namespace reverie::cli
