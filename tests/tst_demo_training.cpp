// labels: unit
// The train-demo machinery end to end on a seconds-long budget: every phase runs, the folder it
// writes is a model the pipeline loads (SentencePiece tokenizer, own TAESD and latent->RGB fit),
// and it generates a picture of the recipe's size.
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/io/safetensors.h"
#include "core/pipeline/loaded_model.h"
#include "core/pipeline/pipeline.h"
#include "core/training/demo_recipe.h"
#include "core/training/denoiser_training.h"
#include "core/training/ema.h"
#include "core/training/schedule.h"
#include "tests/support/test_support.h"

using namespace reverie;
namespace fs = std::filesystem;

class TestDemoTraining : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void cosineScheduleWarmsUpAndDecays() {
        QCOMPARE(training::cosine_lr(1.0, 0.0), 0.0);
        QVERIFY(std::abs(training::cosine_lr(1.0, 0.03) - 1.0) < 1e-9);
        QVERIFY(training::cosine_lr(1.0, 0.5) < 0.6 && training::cosine_lr(1.0, 0.5) > 0.4);
        QVERIFY(std::abs(training::cosine_lr(1.0, 1.0) - 0.05) < 1e-9);
    }

    void lossWeightsAreMinSnrWithAFloor() {
        auto r = training::DemoRecipe::standard();
        QCOMPARE(r.prediction_type, std::string("v_prediction"));
        // snr 0.0047 (t = 999 on SD's schedule), 0.38, 1 and 99.
        const auto ab = torch::tensor({0.00466, 0.27633, 0.5, 0.99}, torch::kFloat64);
        const auto snr = ab / (1 - ab);
        auto w = training::loss_weights(ab, r);
        // v targets: x0-space weight / (snr + 1); the floor lifts the noisiest step to 0.1 / 1.005.
        QVERIFY(std::abs(w[0].item<double>() - 0.1 / (snr[0].item<double>() + 1)) < 1e-9);
        QVERIFY(std::abs(w[1].item<double>() - 0.27633) < 1e-9);  // snr/(snr+1) = ᾱ below γ
        QVERIFY(std::abs(w[2].item<double>() - 0.5) < 1e-9);
        QVERIFY(std::abs(w[3].item<double>() - 5.0 / 100.0) < 1e-9);  // capped at γ = 5
        r.min_snr_floor = 0;  // plain min-SNR: the noisiest step all but vanishes
        QVERIFY(training::loss_weights(ab, r)[0].item<double>() < 0.005);
        r.prediction_type = "epsilon";  // ε targets: x0-space weight / snr
        QVERIFY(std::abs(training::loss_weights(ab, r)[3].item<double>() - 5.0 / 99.0) < 1e-9);
    }

    void emaFollowsTheWeights() {
        torch::nn::Linear lin(2, 2);
        training::Ema ema(*lin, 0.5);
        torch::NoGradGuard g;
        lin->weight.fill_(1.0);
        for (int i = 0; i < 50; ++i) ema.update(*lin);
        torch::nn::Linear copy(2, 2);
        ema.copy_to(*copy);
        QVERIFY(torch::allclose(copy->weight, lin->weight, 1e-4, 1e-4));
    }

    void smokeRecipeWritesALoadableModel() {
        const std::string out = test::scratch_dir() + "/smoke-model";
        std::vector<std::string> phases;
        auto recipe = training::DemoRecipe::smoke();
        recipe.unet_steps = 7;  // a step budget replaces that phase's clock; the others keep theirs
        const auto report =
            training::train_demo_model(recipe, out, [&](const training::TrainingProgress& p) {
                if (phases.empty() || phases.back() != p.phase) phases.push_back(p.phase);
            });
        QCOMPARE(phases, (std::vector<std::string>{"tokenizer", "vae", "encode", "unet", "taesd"}));
        QVERIFY(report.scaling_factor > 0);
        for (const auto& p : report.phases) QVERIFY2(p.steps > 0, p.phase.c_str());
        QCOMPARE(report.phases[2].phase, std::string("unet"));
        QCOMPARE(report.phases[2].steps, int64_t(7));
        for (const char* f : {"model_index.json", "tokenizer/spiece.model", "unet/config.json",
                              "preview_decoder/preview_decoder.safetensors", "latent_rgb.json"})
            QVERIFY2(fs::exists(fs::path(out) / f), f);
        QVERIFY(!fs::exists(fs::path(out) / ".training"));
        // Stored in half precision (the shipped folder must stay small).
        const auto unet_file =
            io::SafetensorsFile::open(out + "/unet/diffusion_pytorch_model.safetensors");
        QCOMPARE(unet_file->tensor(unet_file->keys().front()).scalar_type(), torch::kFloat16);

        auto model = pipeline::LoadedModel::load(out, torch::kCPU, torch::kFloat32);
        QCOMPARE(model->default_size(), 128);
        QVERIFY(model->taesd.has_value());
        QCOMPARE((*model->taesd)->config().width, int64_t(32));

        QCOMPARE(int64_t(model->tokenizer->max_length()), int64_t(recipe.text.max_positions));
        // How it was trained travels with it, so eval-demo grades captions new to it.
        QVERIFY(model->description().training.has_value());
        QCOMPARE(model->description().training->seed, recipe.seed);
        QCOMPARE(model->description().training->pool_size, recipe.pool_size);
        // The recipe's choices reach the folder: v prediction, the pooled-caption embedding.
        QVERIFY(model->description().prediction == io::Prediction::VPrediction);
        QCOMPARE(QString::fromStdString(model->unet->config().addition_embed_type),
                 QStringLiteral("text"));
        QVERIFY(model->tokenizer->encode("a red circle").size() > 0);
        QVERIFY(model->latent_projection.factors[0][0] !=
                image::latent_rgb_projection(image::LatentFamily::SD1).factors[0][0]);

        pipeline::GenerationRequest req;
        req.prompt = "a large red circle in the center, on a blue background";
        req.steps = 2;
        req.seed = 1;
        int previews = 0;
        pipeline::PipelineCallbacks cb;
        cb.on_step = [&](int, int, const torch::Tensor&, const torch::Tensor& x0) {
            QCOMPARE(x0.size(2), int64_t(16));
            ++previews;
        };
        const auto result = pipeline::generate(*model, req, cb);
        QCOMPARE(result.image.width, 128);
        QCOMPARE(result.image.height, 128);
        QCOMPARE(previews, 2);
    }
};

REVERIE_TEST_GUILESS_MAIN(TestDemoTraining)
#include "tst_demo_training.moc"
