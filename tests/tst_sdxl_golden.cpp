// labels: golden
// SDXL against diffusers 0.27.2 / transformers 4.26 (../shared/golden/sdxl): both text encoders,
// encode_prompt, the UNet with its text_time conditioning, the VAE, and whole txt2img / img2img
// generations, each from the diffusers folder and from the SGM single file (+ yaml).
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/io/checkpoint.h"
#include "core/io/safetensors.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/prompt_encoding.h"
#include "core/text/prompt_chunks.h"
#include "tests/support/golden_cases.h"
#include "tests/support/test_support.h"

using namespace reverie;

namespace {

constexpr const char* kLayouts[] = {"diffusers", "single-file"};

std::vector<nlohmann::json> cases_of(const std::string& kind) {
    return test::manifest_cases("golden/sdxl/manifest.json", kind);
}

std::string model_path(const std::string& layout) {
    const std::string dir = test::shared_path("golden/sdxl/models/tiny-sdxl");
    return layout == "diffusers" ? dir : dir + ".safetensors";
}

pipeline::LoadedModel& model_for(const std::string& layout) {
    static std::map<std::string, std::shared_ptr<pipeline::LoadedModel>> cache;
    if (auto it = cache.find(layout); it != cache.end()) return *it->second;
    auto m = pipeline::LoadedModel::load(model_path(layout), torch::kCPU, torch::kFloat32);
    cache[layout] = m;
    return *m;
}

std::shared_ptr<io::SafetensorsFile> golden(const std::string& file) {
    return io::SafetensorsFile::open(test::shared_path("golden/sdxl/" + file));
}

void add_layout_rows() {
    QTest::addColumn<QString>("layout");
    for (const char* layout : kLayouts) QTest::newRow(layout) << QString(layout);
}

}  // namespace

class TestSdxlGolden : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void family_and_components_data() { add_layout_rows(); }
    void family_and_components() {
        QFETCH(QString, layout);
        REVERIE_REQUIRE_SHARED(dir, "golden/sdxl/models/tiny-sdxl");
        const auto cp = io::Checkpoint::open(model_path(layout.toStdString()));
        const auto& d = cp->description();
        QCOMPARE(io::to_string(d.family), std::string("SDXL"));
        QCOMPARE(d.components.size(), size_t(4));
        QCOMPARE(d.text_2.projection_dim, 24);
        QVERIFY(d.text.activation == ClipActivation::QuickGelu);
        QVERIFY(d.text_2.activation == ClipActivation::Gelu);
        QCOMPARE(d.tokenizer_2.pad_id, 0);
        QCOMPARE(d.vae_scaling_factor, 0.13025);
        QCOMPARE(d.scheduler_config.value("timestep_spacing", ""), std::string("leading"));
        QCOMPARE(cp->parameter_count(io::Component::UNet), int64_t(973764));
        QCOMPARE(cp->parameter_count(io::Component::TextEncoder2), int64_t(1622464));
    }

    void text_encoders_data() { add_layout_rows(); }
    void text_encoders() {
        QFETCH(QString, layout);
        REVERIE_REQUIRE_SHARED(file, "golden/sdxl/modules/text_encoders.safetensors");
        c10::InferenceMode guard;
        auto g = golden("modules/text_encoders.safetensors");
        auto& m = model_for(layout.toStdString());
        for (const char* te : {"te1", "te2"}) {
            const std::string p = std::string(te) + "/";
            auto& enc = p == "te1/" ? m.text_encoder : m.text_encoder_2;
            const auto ids = g->tensor(p + "input_ids").to(torch::kLong);
            const auto states = enc->all_hidden_states(ids);
            for (int i = 0; i < 4; ++i)
                REVERIE_COMPARE_TENSORS(states[size_t(i)],
                                        g->tensor(p + "hidden_states_" + std::to_string(i)), 1e-4);
            const auto r = enc->hidden_and_pooled(ids, 2);
            REVERIE_COMPARE_TENSORS(r.hidden, g->tensor(p + "penultimate_hidden_state"), 1e-4);
            REVERIE_COMPARE_TENSORS(
                r.pooled, g->tensor(p + (p == "te1/" ? "pooler_output" : "text_embeds")), 1e-4);
        }
        // The tokenizers: bigG's pads with "!" (0), CLIP-L's with its end token.
        const auto ids2 = g->tensor("te2/input_ids").to(torch::kLong);
        const auto ours = text::pad_to_length(*m.tokenizer_2, m.tokenizer_2->encode(""));
        QCOMPARE(int64_t(ours.back()), ids2[1][76].item<int64_t>());
    }

    void encode_prompt_data() {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("name");
        for (const char* layout : kLayouts)
            for (const char* name :
                 {"cfg_neg", "cfg_no_neg_zeros", "cfg_empty_neg", "prompt_2_differs", "no_cfg"})
                QTest::newRow(qPrintable(QString("%1 %2").arg(name, layout)))
                    << QString(layout) << QString(name);
    }
    void encode_prompt() {
        QFETCH(QString, layout);
        QFETCH(QString, name);
        REVERIE_REQUIRE_SHARED(file, "golden/sdxl/modules/encode_prompt.safetensors");
        c10::InferenceMode guard;
        const auto cases = cases_of("encode_prompt");
        QVERIFY(!cases.empty());
        const auto& p = cases[0]["params"][name.toStdString()];
        auto g = golden("modules/encode_prompt.safetensors");
        auto& m = model_for(layout.toStdString());
        pipeline::SdxlTextEncoders e{m.tokenizer.get(),      &m.text_encoder, *m.tokenizer_2,
                                     m.text_encoder_2,       torch::kCPU,     2,
                                     /*prompt_syntax=*/false};
        pipeline::SdxlPrompts prompts;
        prompts.prompt = p["prompt"];
        prompts.prompt_2 = p.value("prompt_2", "");
        prompts.negative_prompt = p.value("negative_prompt", "");
        prompts.negative_prompt_2 = p.value("negative_prompt_2", "");
        prompts.with_negative = p["do_classifier_free_guidance"];
        // diffusers zeroes only a negative prompt that is None, not "".
        prompts.zero_empty_negative = !p.contains("negative_prompt");
        const auto out = pipeline::encode_prompts(e, prompts);
        const std::string k = name.toStdString() + "/";
        REVERIE_COMPARE_TENSORS(out.positive, g->tensor(k + "prompt_embeds"), 1e-4);
        REVERIE_COMPARE_TENSORS(out.positive_pooled, g->tensor(k + "pooled_prompt_embeds"), 1e-4);
        if (prompts.with_negative) {
            REVERIE_COMPARE_TENSORS(out.negative, g->tensor(k + "negative_prompt_embeds"), 1e-4);
            REVERIE_COMPARE_TENSORS(out.negative_pooled,
                                    g->tensor(k + "negative_pooled_prompt_embeds"), 1e-4);
        } else {
            QVERIFY(!out.negative.defined());
        }
    }

    void unet_data() {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("name");
        for (const char* layout : kLayouts)
            for (const char* name : {"b2_16x16", "b2_16x24", "b2_scalar_t"})
                QTest::newRow(qPrintable(QString("%1 %2").arg(name, layout)))
                    << QString(layout) << QString(name);
    }
    void unet() {
        QFETCH(QString, layout);
        QFETCH(QString, name);
        REVERIE_REQUIRE_SHARED(file, "golden/sdxl/modules/unet.safetensors");
        c10::InferenceMode guard;
        auto g = golden("modules/unet.safetensors");
        auto& m = model_for(layout.toStdString());
        const std::string k = name.toStdString() + "/";
        Conditioning c;
        c.context = g->tensor(k + "encoder_hidden_states");
        c.vector =
            m.unet->text_time_vector(g->tensor(k + "text_embeds"), g->tensor(k + "time_ids"));
        if (name == "b2_16x16")
            REVERIE_COMPARE_TENSORS(c.vector, g->tensor("aux/add_embedding_input"), 1e-5);
        const auto out = m.unet->forward(g->tensor(k + "sample"), g->tensor(k + "timestep"), c);
        REVERIE_COMPARE_TENSORS(out, g->tensor(k + "out"), 2e-4);
        // The vector is required, and refused where it does not belong.
        QVERIFY_THROWS_EXCEPTION(
            Error, m.unet->forward(g->tensor(k + "sample"), g->tensor(k + "timestep"), c.context));
    }

    void vae_data() { add_layout_rows(); }
    void vae() {
        QFETCH(QString, layout);
        REVERIE_REQUIRE_SHARED(file, "golden/sdxl/modules/vae.safetensors");
        c10::InferenceMode guard;
        auto g = golden("modules/vae.safetensors");
        auto& m = model_for(layout.toStdString());
        QCOMPARE(m.vae->scaling_factor(), 0.13025);
        const auto moments = m.vae->encode(g->tensor("image"));
        REVERIE_COMPARE_TENSORS(moments.mean, g->tensor("mean"), 2e-4);
        REVERIE_COMPARE_TENSORS(moments.logvar, g->tensor("logvar"), 2e-4);
        REVERIE_COMPARE_TENSORS(m.vae->decode(g->tensor("z")), g->tensor("decoded"), 2e-4);
    }

    void pipeline_data() {
        test::add_case_rows(cases_of("pipeline"), {std::begin(kLayouts), std::end(kLayouts)});
    }
    void pipeline() {
        QFETCH(QString, case_json);
        QFETCH(QString, layout);
        REVERIE_REQUIRE_SHARED(manifest, "golden/sdxl/manifest.json");
        const auto c = nlohmann::json::parse(case_json.toStdString());
        QVERIFY2(c.contains("file"), "the manifest lists no pipeline case");
        c10::InferenceMode guard;
        auto g = golden(c["file"]);
        const auto& keys = g->keys();
        const auto has = [&](const char* k) {
            return std::find(keys.begin(), keys.end(), k) != keys.end();
        };
        auto& model = model_for(layout.toStdString());

        const auto& p = c["params"];
        pipeline::GenerationRequest r = test::request_from_params(p);
        r.prompt_2 = p.value("prompt_2", "");
        r.prompt_syntax = false;  // diffusers' single row of 77 tokens
        if (p.contains("original_size"))
            r.original_size = {p["original_size"][1], p["original_size"][0]};
        if (p.contains("target_size")) r.target_size = {p["target_size"][1], p["target_size"][0]};
        if (p.contains("crops_coords_top_left")) {
            r.crop_top = p["crops_coords_top_left"][0];
            r.crop_left = p["crops_coords_top_left"][1];
        }
        r.sampler = test::sampler_for(c["scheduler"]);
        r.karras = c["scheduler_config"].value("use_karras_sigmas", false);
        r.scheduler_config_json = c["scheduler_config"].dump();
        if (has("input_image_u8")) {
            r.init_image = test::image_from_u8(g->tensor("input_image_u8"));
            r.strength = p.value("strength", 1.0);
        }
        const auto res = pipeline::generate(model, r);
        const auto& s = res.stages;
        REVERIE_COMPARE_TENSORS(s.prompt_embeds, g->tensor("prompt_embeds"), 1e-4);
        REVERIE_COMPARE_TENSORS(s.pooled_prompt_embeds, g->tensor("pooled_prompt_embeds"), 1e-4);
        REVERIE_COMPARE_TENSORS(s.add_time_ids, g->tensor("add_time_ids"), 0);
        if (has("negative_prompt_embeds") && r.cfg_scale > 1.0) {
            REVERIE_COMPARE_TENSORS(s.negative_prompt_embeds, g->tensor("negative_prompt_embeds"),
                                    1e-4);
            REVERIE_COMPARE_TENSORS(s.negative_pooled_prompt_embeds,
                                    g->tensor("negative_pooled_prompt_embeds"), 1e-4);
        }
        if (has("initial_noise")) REVERIE_COMPARE_TENSORS(s.noise, g->tensor("initial_noise"), 0);
        if (has("image_latents"))
            REVERIE_COMPARE_TENSORS(s.image_latents, g->tensor("image_latents"), 1e-4);
        if (has("initial_latents"))
            REVERIE_COMPARE_TENSORS(s.initial_latents, g->tensor("initial_latents"), 1e-5);
        REVERIE_COMPARE_TENSORS(res.latents, g->tensor("final_latents"), 1e-3);
        auto decoded = g->tensor("decoded");
        auto ours =
            decoded.min().item<float>() >= 0 ? (res.decoded / 2 + 0.5).clamp(0, 1) : res.decoded;
        REVERIE_COMPARE_TENSORS(ours, decoded, 2e-3);
    }
};

QTEST_GUILESS_MAIN(TestSdxlGolden)
#include "tst_sdxl_golden.moc"
