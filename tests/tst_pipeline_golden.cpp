// labels: golden
// Whole generations against diffusers 0.27.2: every txt2img, img2img and inpainting case of the
// goldens' manifest, from the diffusers folder and from the single file, with the case's exact
// scheduler config. Prompt embeddings, start latents, final latents and the decoded image.
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/io/safetensors.h"
#include "core/pipeline/pipeline.h"
#include "tests/support/golden_cases.h"
#include "tests/support/model_files.h"
#include "tests/support/test_support.h"

using namespace reverie;

namespace {

std::vector<nlohmann::json> pipeline_cases() {
    return test::manifest_cases("golden/manifest.json", "pipeline");
}

pipeline::LoadedModel& model_for(const std::string& variant, const std::string& layout) {
    static std::map<std::string, std::shared_ptr<pipeline::LoadedModel>> cache;
    const std::string id = variant + " " + layout;
    if (auto it = cache.find(id); it != cache.end()) return *it->second;
    const std::string dir = test::shared_path("golden/models/" + variant);
    const std::string path = layout == "diffusers" ? dir : dir + ".safetensors";
    auto m = pipeline::LoadedModel::load(path, torch::kCPU, torch::kFloat32);
    cache[id] = m;
    return *m;
}

}  // namespace

class TestPipelineGolden : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void parity_data() {
        const auto cases = pipeline_cases();
        qInfo("%zu pipeline cases in the manifest", cases.size());
        test::add_case_rows(cases, {"diffusers", "single-file"});
    }

    void parity() {
        QFETCH(QString, case_json);
        QFETCH(QString, layout);
        const auto c = nlohmann::json::parse(case_json.toStdString());
        REVERIE_REQUIRE_SHARED(manifest, "golden/manifest.json");
        QVERIFY2(c.contains("file"), "the manifest lists no pipeline case");
        REVERIE_REQUIRE_SHARED(golden_path, "golden/" + c["file"].get<std::string>());
        REVERIE_REQUIRE_SHARED(model_dir, "golden/models/" + c["variant"].get<std::string>());
        c10::InferenceMode guard;
        auto golden = io::SafetensorsFile::open(golden_path);
        const auto& keys = golden->keys();
        const auto has = [&](const char* k) {
            return std::find(keys.begin(), keys.end(), k) != keys.end();
        };
        auto& model = model_for(c["variant"], layout.toStdString());

        const auto& p = c["params"];
        pipeline::GenerationRequest r = test::request_from_params(p);
        r.clip_skip = p.value("clip_skip", 0) + 1;  // diffusers counts skipped layers
        r.clip_skip_negative = false;               // and skips none for the negative prompt
        r.sampler = test::sampler_for(c["scheduler"]);
        r.karras = c["scheduler_config"].value("use_karras_sigmas", false);
        r.scheduler_config_json = c["scheduler_config"].dump();
        if (has("input_image_u8")) {
            r.init_image = test::image_from_u8(golden->tensor("input_image_u8"));
            r.strength = p.value("strength", 1.0);
        }
        if (has("input_mask_image_u8"))
            r.mask = test::image_from_u8(golden->tensor("input_mask_image_u8"));
        r.mask_options.latent_mask = image::LatentMaskMode::Nearest;  // diffusers' blend

        const auto res = pipeline::generate(model, r);
        const auto& s = res.stages;
        const bool vae_in_start = has("add_noise_original");  // start latent went through the VAE

        REVERIE_COMPARE_TENSORS(s.prompt_embeds, golden->tensor("prompt_embeds"), 1e-4);
        if (has("negative_prompt_embeds"))
            REVERIE_COMPARE_TENSORS(s.negative_prompt_embeds,
                                    golden->tensor("negative_prompt_embeds"), 1e-4);
        else
            QVERIFY2(!s.negative_prompt_embeds.defined(), "guidance <= 1 must skip the negative");
        if (has("initial_noise"))
            REVERIE_COMPARE_TENSORS(s.noise, golden->tensor("initial_noise"), 0);
        if (has("add_noise_noise"))
            REVERIE_COMPARE_TENSORS(s.noise, golden->tensor("add_noise_noise"), 0);
        if (has("add_noise_original"))
            REVERIE_COMPARE_TENSORS(s.image_latents, golden->tensor("add_noise_original"), 1e-4);
        REVERIE_COMPARE_TENSORS(s.initial_latents, golden->tensor("initial_latents"),
                                vae_in_start ? 1e-4 : 0.0);
        if (has("mask_latent"))
            REVERIE_COMPARE_TENSORS(s.mask_latent, golden->tensor("mask_latent").narrow(0, 0, 1),
                                    0);
        if (has("masked_image_latents"))
            REVERIE_COMPARE_TENSORS(s.masked_image_latents,
                                    golden->tensor("masked_image_latents").narrow(0, 0, 1), 1e-4);
        REVERIE_COMPARE_TENSORS(res.latents, golden->tensor("final_latents"), 1e-3);

        // The golden image is diffusers' output_type="pt": postprocessed to [0, 1].
        auto decoded = golden->tensor("decoded");
        auto ours =
            decoded.min().item<float>() >= 0 ? (res.decoded / 2 + 0.5).clamp(0, 1) : res.decoded;
        REVERIE_COMPARE_TENSORS(ours, decoded, 2e-3);
        QCOMPARE(res.image.width, int(decoded.size(3)));
        QCOMPARE(res.seed, uint64_t(p["seed"].get<int64_t>()));
    }
};

REVERIE_TEST_GUILESS_MAIN(TestPipelineGolden)
#include "tst_pipeline_golden.moc"
