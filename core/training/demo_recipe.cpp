#include "core/training/demo_recipe.h"

#include <chrono>
#include <filesystem>
#include <fstream>

#include "core/common/cpu_threads.h"
#include "core/common/error.h"
#include "core/demo/shapes_scene.h"
#include "core/io/builtin_model.h"
#include "core/io/checkpoint.h"
#include "core/text/sentencepiece_library.h"
#include "core/text/sentencepiece_tokenizer.h"
#include "core/training/denoiser_training.h"
#include "core/training/diffusers_export.h"
#include "core/training/preview_distillation.h"
#include "core/training/vae_training.h"

namespace fs = std::filesystem;

namespace reverie::training {
namespace {

uint64_t mix(uint64_t x) {  // splitmix64's finaliser: neighbouring indices, unrelated seeds
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// The tokenizer learns from the training captions only; held-out captions may contain
// combinations it never saw, never words.
std::string train_tokenizer(const DemoRecipe& r, const fs::path& out_dir, const fs::path& work) {
    const fs::path corpus = work / "captions.txt";
    {
        std::ofstream out(corpus);
        for (int i = 0; i < r.corpus_size; ++i)
            out << demo::caption(demo::sample_scene(training_scene_seed(r.seed, i))) << "\n";
    }
    fs::create_directories(out_dir / "tokenizer");
    const fs::path prefix = work / "spiece";
    // Whole words: the world has a few dozen of them, and a word-level vocabulary spares the small
    // text encoder from learning to spell (a unigram model of this corpus cut words into letters
    // and the first model trained with it ignored its captions). Case-folding normalisation:
    // users type "A Red Circle" as often as "a red circle".
    text::train_sentencepiece("--input=" + corpus.string() + " --model_prefix=" + prefix.string() +
                              " --vocab_size=" + std::to_string(r.spm_vocab) +
                              " --model_type=word --character_coverage=1.0"
                              " --normalization_rule_name=nmt_nfkc_cf --num_threads=1"
                              " --hard_vocab_limit=false --pad_id=0 --unk_id=1 --bos_id=2"
                              " --eos_id=3 --minloglevel=2");
    const fs::path model = out_dir / "tokenizer" / "spiece.model";
    fs::copy_file(prefix.string() + ".model", model, fs::copy_options::overwrite_existing);
    return model.string();
}

template <typename M>
int64_t count_parameters(const M& m) {
    int64_t n = 0;
    for (const auto& p : m->parameters()) n += p.numel();
    return n;
}

}  // namespace

uint64_t training_scene_seed(uint64_t recipe_seed, int64_t index) {
    return mix(mix(recipe_seed) ^ uint64_t(index));
}

uint64_t heldout_scene_seed(int64_t index) {
    return mix(0x5eed0fe7a1ULL + uint64_t(index) * 7919);
}

DemoRecipe DemoRecipe::standard() {
    DemoRecipe r;
    r.vae.block_out_channels = {32, 32, 64, 64};  // three halvings: 128 px -> 16×16 latents
    r.vae.layers_per_block = 1;
    r.vae.norm_num_groups = 16;
    r.text.hidden_size = 128;
    r.text.intermediate_size = 512;
    r.text.num_layers = 3;
    r.text.num_heads = 4;
    r.text.max_positions = 32;  // the longest caption is 29 tokens; cross-attention reads fewer
    r.text.activation = ClipActivation::Gelu;
    r.unet.block_out_channels = {64, 128, 128};
    r.unet.layers_per_block = 1;
    r.unet.attention_heads = {4, 4, 4};
    r.unet.cross_attention_dim = r.text.hidden_size;
    // Attention at 8×8 and 4×4 only: at 16×16 its 256-token maps cost 2.7× the step time here.
    r.unet.down_block_types = {"DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"};
    r.unet.up_block_types = {"CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"};
    r.unet.addition_embed_type = "text";
    r.unet.addition_embed_type_num_heads = 4;
    r.prediction_type = "v_prediction";
    r.taesd.width = 32;
    return r;
}

DemoRecipe DemoRecipe::smoke() {
    DemoRecipe r = standard();
    r.corpus_size = 2000;
    r.pool_size = 64;
    r.vae_seconds = 3;
    r.unet_seconds = 3;
    r.taesd_seconds = 2;
    r.vae_batch = 2;
    r.vae_crop = 32;
    r.unet_batch = 4;
    r.taesd_batch = 2;
    return r;
}

DemoTrainingReport train_demo_model(const DemoRecipe& r, const std::string& out,
                                    const ProgressFn& progress) {
    const auto start = std::chrono::steady_clock::now();
    use_all_cores_unless_told();
    torch::manual_seed(r.seed);
    const fs::path out_dir(out);
    fs::create_directories(out_dir);
    const fs::path work = out_dir / ".training";
    fs::create_directories(work);

    DemoTrainingReport report;
    if (progress) progress({"tokenizer", 0, 0, 0, 0});
    const auto spm_path = train_tokenizer(r, out_dir, work);
    auto tokenizer = text::SentencePieceTokenizer::from_file(spm_path, r.text.max_positions);

    AutoencoderKL vae(r.vae);
    report.phases.push_back(train_vae(vae, r, progress));
    const double scale = measure_scaling_factor(vae, r);
    report.scaling_factor = scale;

    const auto t0 = std::chrono::steady_clock::now();
    const LatentPool pool = encode_pool(vae, *tokenizer, r, scale, progress);
    report.phases.push_back(
        {"encode", r.pool_size,
         std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 0});

    ClipTextConfig text = r.text;
    text.vocab_size = tokenizer->vocab_size();
    ClipTextModel text_encoder(text);
    UNet2DConditionModel unet(r.unet);
    Ema unet_ema(*unet, r.ema_decay), text_ema(*text_encoder, r.ema_decay);
    report.phases.push_back(
        train_denoiser(unet, text_encoder, pool, r, unet_ema, text_ema, progress));
    unet_ema.copy_to(*unet);
    text_ema.copy_to(*text_encoder);

    TaesdDecoder taesd(r.taesd);
    report.phases.push_back(distill_taesd(taesd, vae, pool, r, progress));
    const auto projection = fit_latent_projection(vae, pool);

    VaeConfig vae_config = r.vae;
    vae_config.scaling_factor = scale;
    const auto store = r.store_fp16 ? torch::kFloat16 : torch::kFloat32;
    save_networks(out_dir.string(), text_encoder,
                  {tokenizer->bos_id(), tokenizer->eos_id(), tokenizer->pad_id()}, unet, vae,
                  vae_config, r.image_size, store);
    auto scheduler = io::default_scheduler_config(r.prediction_type == "v_prediction"
                                                      ? io::Prediction::VPrediction
                                                      : io::Prediction::Epsilon);
    if (r.zero_terminal_snr) {
        scheduler["rescale_betas_zero_snr"] = true;
        scheduler["timestep_spacing"] = "trailing";  // the first step at t = 999, zero SNR
    }
    write_json((out_dir / "scheduler" / "scheduler_config.json").string(), scheduler);
    // Its own distilled decoder, named apart from upstream TAESD's files (those fit SD's latents
    // only).
    save_module(*taesd, (out_dir / "preview_decoder" / "preview_decoder.safetensors").string(),
                store);
    nlohmann::json rgb{{"factors", nlohmann::json::array()}, {"bias", projection.bias}};
    for (const auto& row : projection.factors) rgb["factors"].push_back(row);
    write_json((out_dir / "latent_rgb.json").string(), rgb);

    report.parameters = count_parameters(text_encoder) + count_parameters(unet) +
                        count_parameters(vae) + count_parameters(taesd);
    report.total_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    nlohmann::json phases = nlohmann::json::array();
    for (const auto& p : report.phases)
        phases.push_back({{"phase", p.phase},
                          {"steps", p.steps},
                          {"seconds", p.seconds},
                          {"final_loss", p.final_loss}});
    auto index = model_index_json({"sentencepiece", "SentencePieceProcessor"});
    index["reverie"] = {{"name", io::kBuiltinModelName},
                        {"defaults",
                         {{"sampler", r.sampler},
                          {"karras", r.karras},
                          {"steps", r.steps},
                          {"cfg_scale", r.cfg_scale},
                          {"width", r.image_size},
                          {"height", r.image_size}}},
                        {"training",
                         {{"seed", r.seed},
                          {"pool_size", r.pool_size},
                          {"corpus_size", r.corpus_size},
                          {"scaling_factor", scale},
                          {"parameters", report.parameters},
                          {"total_seconds", report.total_seconds},
                          {"phases", phases}}}};
    write_json((out_dir / "model_index.json").string(), index);
    fs::remove_all(work);
    return report;
}

}  // namespace reverie::training
