// labels: golden
// ControlNet against diffusers 0.27.2 (../shared/golden/controlnet): the config of both layouts,
// the residuals of the tiny SD 1.x and SDXL ControlNets, the UNet that adds them, the guidance
// window and whole txt2img / img2img / inpainting (4- and 9-channel) / two-unit generations, with
// the ControlNet from its diffusers folder and from the original single file.
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "core/common/error.h"
#include "core/io/controlnet_file.h"
#include "core/io/safetensors.h"
#include "core/pipeline/control_guidance.h"
#include "core/pipeline/pipeline.h"
#include "tests/support/golden_cases.h"
#include "tests/support/test_support.h"

using namespace reverie;
namespace fs = std::filesystem;

namespace {

const char* const kDir = "golden/controlnet/";

std::string cn_path(const std::string& relative) {
    return test::shared_path(std::string(kDir) + relative);
}

std::vector<nlohmann::json> cases_of(const std::string& kind) {
    return test::manifest_cases(std::string(kDir) + "manifest.json", kind);
}

// Base models by their path relative to the ControlNet goldens (../models/tiny-sd1, ...).
pipeline::LoadedModel& base_model(const std::string& relative) {
    static std::map<std::string, std::shared_ptr<pipeline::LoadedModel>> cache;
    if (auto it = cache.find(relative); it != cache.end()) return *it->second;
    const std::string path = cn_path(relative);
    auto m = pipeline::LoadedModel::load(path, torch::kCPU, torch::kFloat32, {});
    cache[relative] = m;
    return *m;
}

// A temporary safetensors file holding `keys` (tiny tensors): what the refusals read.
std::string fake_file(const std::string& name, const std::vector<std::string>& keys) {
    io::NamedTensors t;
    for (const auto& k : keys) t.emplace_back(k, torch::zeros({2, 2}));
    const std::string path = test::scratch_dir() + "/" + name;
    io::save_safetensors(path, t);
    return path;
}

}  // namespace

class TestControlNet : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void config_of_both_layouts() {
        REVERIE_REQUIRE_SHARED(dir, "golden/controlnet/models/tiny-sd1-controlnet");
        const UNetConfig base = base_model("../models/tiny-sd1").unet->config();
        const auto folder = io::read_controlnet(dir, base);
        const auto single = io::read_controlnet(dir + ".safetensors", base);
        for (const auto* f : {&folder, &single}) {
            QCOMPARE(f->config.hint_channels, (std::vector<int64_t>{8, 8, 16, 16}));
            QCOMPARE(f->config.conditioning_channels, int64_t(3));
            QCOMPARE(f->config.unet.in_channels, int64_t(4));
            QCOMPARE(f->config.down_residuals(), int64_t(12));
            QCOMPARE(f->weights.size(), folder.weights.size());
        }
        QCOMPARE(single.name, std::string("tiny-sd1-controlnet"));
        // Every weight of the original layout lands on the diffusers name with the same values.
        for (const auto& [key, t] : folder.weights) {
            auto it = single.weights.find(key);
            QVERIFY2(it != single.weights.end(), key.c_str());
            QVERIFY2(torch::equal(t, it->second), key.c_str());
        }
        // The inpainting base (9-channel UNet) takes the same 4-channel ControlNet.
        const UNetConfig inpaint = base_model("../models/tiny-sd1-inpaint").unet->config();
        QCOMPARE(io::read_controlnet(dir + ".safetensors", inpaint).config.unet.in_channels,
                 int64_t(4));
    }

    void module_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("golden");
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("name");
        const char* sd1 = "models/tiny-sd1-controlnet";
        for (const char* name : {"b2_16x16", "b1_16x24_scalar_t"}) {
            QTest::newRow(qPrintable(QString("sd1 diffusers %1").arg(name)))
                << QString(sd1) << "modules/controlnet.safetensors"
                << "../models/tiny-sd1" << name;
            QTest::newRow(qPrintable(QString("sd1 single-file %1").arg(name)))
                << QString(sd1) + ".safetensors"
                << "modules/controlnet.safetensors"
                << "../models/tiny-sd1" << name;
        }
        QTest::newRow("sdxl diffusers b2_16x16") << "models/tiny-sdxl-controlnet"
                                                 << "modules/controlnet_sdxl.safetensors"
                                                 << "../sdxl/models/tiny-sdxl"
                                                 << "b2_16x16";
    }
    void module() {
        QFETCH(QString, path);
        QFETCH(QString, golden);
        QFETCH(QString, base);
        QFETCH(QString, name);
        REVERIE_REQUIRE_SHARED(file, "golden/controlnet/" + golden.toStdString());
        c10::InferenceMode guard;
        auto g = io::SafetensorsFile::open(file);
        auto& m = base_model(base.toStdString());
        auto net = m.controlnet(cn_path(path.toStdString()));
        const std::string k = name.toStdString() + "/";
        Conditioning c;
        c.context = g->tensor(k + "encoder_hidden_states");
        if (g->contains(k + "text_embeds"))
            c.vector =
                m.unet->text_time_vector(g->tensor(k + "text_embeds"), g->tensor(k + "time_ids"));
        const auto hint = g->tensor(k + "controlnet_cond_u8").to(torch::kFloat32) / 255;
        const double scale = g->tensor(k + "conditioning_scale").item<double>();
        const auto sample = g->tensor(k + "sample");
        const auto t = g->tensor(k + "timestep");

        REVERIE_COMPARE_TENSORS(net->hint_embedding(hint), g->tensor(k + "cond_embedding"), 1e-4);
        const auto r = net->forward(sample, t, c, hint, {scale});
        QCOMPARE(int64_t(r.down.size()), net->config().down_residuals());
        for (size_t i = 0; i < r.down.size(); ++i) {
            char key[64];
            std::snprintf(key, sizeof key, "down_block_res_samples.%02zu", i);
            REVERIE_COMPARE_TENSORS(r.down[i], g->tensor(k + key), 1e-4);
        }
        REVERIE_COMPARE_TENSORS(r.mid, g->tensor(k + "mid_block_res_sample"), 1e-4);

        // The UNet adds them to its skip connections and mid block output.
        REVERIE_COMPARE_TENSORS(m.unet->forward(sample, t, c), g->tensor(k + "unet_out_no_control"),
                                1e-4);
        c.down_residuals = r.down;
        c.mid_residual = r.mid;
        REVERIE_COMPARE_TENSORS(m.unet->forward(sample, t, c), g->tensor(k + "unet_out"), 1e-4);
        // Through the step the pipeline runs (flattened for the CUDA graph wrapper).
        REVERIE_COMPARE_TENSORS(m.run_unet(sample, t, c), g->tensor(k + "unet_out"), 1e-4);
    }

    void guidance_window() {
        REVERIE_REQUIRE_SHARED(manifest, "golden/controlnet/manifest.json");
        const auto cases = cases_of("pipeline");
        QVERIFY(!cases.empty());
        for (const auto& c : cases) {
            const auto& keep = c["controlnet_keep"];
            const int n = c["n_steps_iterated"];
            QCOMPARE(int(keep.size()), n);
            for (int i = 0; i < n; ++i)
                for (size_t u = 0; u < c["controlnets"].size(); ++u) {
                    const auto& unit = c["controlnets"][u];
                    QCOMPARE(pipeline::control_keep(i, n, unit["start"], unit["end"]),
                             keep[i][u].get<double>());
                }
        }
        // A1111's soft injection: 0.825^(12-k), the mid block of SD 1.x at full weight.
        const auto soft = pipeline::control_output_scales(pipeline::ControlMode::Prompt, 2.0, 13);
        QCOMPARE(soft.back(), 2.0);
        QVERIFY(std::abs(soft.front() - 2.0 * std::pow(0.825, 12)) < 1e-12);
        const auto plain =
            pipeline::control_output_scales(pipeline::ControlMode::Balanced, 0.5, 10);
        QCOMPARE(plain, std::vector<double>(10, 0.5));
    }

    void refusals_data() {
        QTest::addColumn<QStringList>("keys");
        QTest::addColumn<QString>("message");
        QTest::newRow("diff") << QStringList{"difference", "control_model.zero_convs.0.0.weight"}
                              << "Diff-ControlNet";
        QTest::newRow("control-lora")
            << QStringList{"lora_controlnet", "input_hint_block.0.weight"} << "Control-LoRA";
        QTest::newRow("t2i-adapter")
            << QStringList{"body.0.resnets.0.block1.weight"} << "T2I-Adapter";
        QTest::newRow("union") << QStringList{"task_embedding", "input_hint_block.0.weight"}
                               << "union";
        QTest::newRow("not a controlnet")
            << QStringList{"first_stage_model.encoder.conv_in.weight"} << "not a ControlNet";
    }
    void refusals() {
        QFETCH(QStringList, keys);
        QFETCH(QString, message);
        std::vector<std::string> k;
        for (const auto& s : keys) k.push_back(s.toStdString());
        const std::string path =
            fake_file(QTest::currentDataTag() + std::string(".safetensors"), k);
        try {
            io::read_controlnet(path, UNetConfig::sd15());
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    void wrong_family() {
        REVERIE_REQUIRE_SHARED(dir, "golden/controlnet/models/tiny-sd1-controlnet");
        const UNetConfig sdxl = base_model("../sdxl/models/tiny-sdxl").unet->config();
        for (const std::string& path : {dir, dir + ".safetensors"}) {
            try {
                io::read_controlnet(path, sdxl);
                QFAIL("an SD 1.x ControlNet was accepted for SDXL");
            } catch (const Error& e) {
                QVERIFY2(QString(e.what()).contains("SD"), e.what());
            }
        }
        // A T2I-Adapter folder is named as one.
        const std::string folder = test::scratch_dir() + "/t2i";
        fs::create_directories(folder);
        std::ofstream(folder + "/config.json") << R"({"_class_name": "T2IAdapter"})";
        try {
            io::read_controlnet(folder, sdxl);
            QFAIL("a T2I-Adapter was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("T2I-Adapter"), e.what());
        }
    }

    void pipeline_data() {
        // The single-file rows need the ControlNet's single file.
        test::add_case_rows(cases_of("pipeline"), {"diffusers", "single-file"},
                            [](const nlohmann::json& c, const std::string& layout) {
                                return layout == "single-file" &&
                                       c["controlnets"][0]["single_file"].is_null();
                            });
    }
    void pipeline() {
        QFETCH(QString, case_json);
        QFETCH(QString, layout);
        REVERIE_REQUIRE_SHARED(manifest, "golden/controlnet/manifest.json");
        const auto c = nlohmann::json::parse(case_json.toStdString());
        QVERIFY2(c.contains("file"), "the manifest lists no pipeline case");
        c10::InferenceMode guard;
        auto g = io::SafetensorsFile::open(cn_path(c["file"]));
        const bool single = layout == "single-file";
        // The single-file rows take base model and ControlNet both from their single files.
        auto& model = base_model(single ? c["base_single_file"] : c["base_model"]);

        const auto& p = c["params"];
        pipeline::GenerationRequest r = test::request_from_params(p);
        r.clip_skip_negative = false;
        r.prompt_syntax = false;
        r.sampler = test::sampler_for(c["scheduler"]);
        r.scheduler_config_json = c["scheduler_config"].dump();
        if (g->contains("input_image_u8")) {
            r.init_image = test::image_from_u8(g->tensor("input_image_u8"));
            r.strength = p.value("strength", 1.0);
        }
        if (g->contains("input_mask_image_u8"))
            r.mask = test::image_from_u8(g->tensor("input_mask_image_u8"));
        r.mask_options.latent_mask = image::LatentMaskMode::Nearest;  // diffusers' blend
        for (const auto& u : c["controlnets"]) {
            pipeline::ControlUnit unit;
            const bool file = single && !u["single_file"].is_null();
            unit.model = cn_path(file ? u["single_file"] : u["model"]);
            unit.image = test::image_from_u8(g->tensor(u["image_key"]));
            unit.scale = u["scale"];
            unit.start = u["start"];
            unit.end = u["end"];
            r.control.push_back(unit);
        }
        const auto res = pipeline::generate(model, r);
        REVERIE_COMPARE_TENSORS(res.stages.prompt_embeds, g->tensor("prompt_embeds"), 1e-4);
        REVERIE_COMPARE_TENSORS(res.stages.initial_latents, g->tensor("initial_latents"), 1e-5);
        REVERIE_COMPARE_TENSORS(res.latents, g->tensor("final_latents"), 1e-3);
        REVERIE_COMPARE_TENSORS(res.decoded, g->tensor("decoded"), 2e-3);
        QVERIFY2(QString::fromStdString(res.parameters).contains("ControlNet 0: \""),
                 res.parameters.c_str());
    }
};

QTEST_GUILESS_MAIN(TestControlNet)
#include "tst_controlnet.moc"
