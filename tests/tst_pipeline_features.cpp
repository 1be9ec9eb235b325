// labels: golden
// The pipeline's behaviour around the numbers: cancellation, skipping the unconditional pass,
// PNG metadata round trips and the errors and warnings users see. Runs the tiny golden model.
#include <atomic>

#include "core/common/cancelled.h"
#include "core/common/error.h"
#include "core/image/generation_parameters.h"
#include "core/image/image_io.h"
#include "core/image/png_parameters.h"
#include "core/models/module_offload.h"
#include "core/pipeline/memory_estimate.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/request_parameters.h"
#include "tests/support/test_support.h"

using namespace reverie;

namespace {

std::shared_ptr<pipeline::LoadedModel> tiny(const std::string& variant = "tiny-sd1") {
    static std::map<std::string, std::shared_ptr<pipeline::LoadedModel>> cache;
    auto& m = cache[variant];
    if (!m) {
        const auto path = test::shared_path("golden/models/" + variant);
        if (path.empty()) return nullptr;
        m = pipeline::LoadedModel::load(path, torch::kCPU, torch::kFloat32);
    }
    return m;
}

pipeline::GenerationRequest small_request() {
    pipeline::GenerationRequest r;
    r.prompt = "a fox, (snow:1.2)";
    r.negative_prompt = "blurry";
    r.sampler = "euler";
    r.steps = 3;
    r.cfg_scale = 7.0;
    r.seed = 7;
    r.width = 128;
    r.height = 128;
    return r;
}

image::Image grey_image(int w, int h) {
    return image::Image(w, h, 3, 120);
}

template <typename F>
QString error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

}  // namespace

#define REQUIRE_TINY(var, variant)                                 \
    REVERIE_REQUIRE_SHARED(var##_path_, "golden/models/" variant); \
    auto var = tiny(variant);                                      \
    QVERIFY(var)

class TestPipelineFeatures : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void cancellation_stops_within_one_step() {
        REQUIRE_TINY(model, "tiny-sd1");
        std::atomic<bool> cancel{false};
        int unet_calls = 0, steps = 0;
        pipeline::PipelineCallbacks cb;
        cb.cancel = &cancel;
        cb.on_unet_call = [&](const torch::Tensor&) { ++unet_calls; };
        cb.on_step = [&](int, int, const torch::Tensor&, const torch::Tensor&) {
            ++steps;
            cancel = true;
        };
        auto r = small_request();
        r.steps = 10;
        bool cancelled = false;
        try {
            pipeline::generate(*model, r, cb);
        } catch (const Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QCOMPARE(steps, 1);
        QCOMPARE(unet_calls, 1);
    }

    void guidance_batches() {
        REQUIRE_TINY(model, "tiny-sd1");
        for (double cfg : {1.0, 0.5, 7.0}) {
            std::vector<int64_t> batches;
            pipeline::PipelineCallbacks cb;
            cb.on_unet_call = [&](const torch::Tensor& t) { batches.push_back(t.size(0)); };
            auto r = small_request();
            r.cfg_scale = cfg;
            auto res = pipeline::generate(*model, r, cb);
            QCOMPARE(int(batches.size()), r.steps);
            const int64_t expected = cfg > 1 ? 2 : 1;
            for (auto b : batches) QCOMPARE(b, expected);
            QCOMPARE(res.stages.negative_prompt_embeds.defined(), cfg > 1);
        }
    }

    void png_parameters_round_trip() {
        REQUIRE_TINY(model, "tiny-sd1");
        auto r = small_request();
        r.seed = -1;
        r.karras = false;
        r.clip_skip = 2;
        const auto res = pipeline::generate(*model, r);
        QVERIFY(res.seed <= uint64_t(INT64_MAX));
        const std::string png = test::scratch_dir() + "/round_trip.png";
        image::save_png(png, res.image, {{"parameters", res.parameters}});
        const auto text = image::read_png_parameters(png);
        QVERIFY(text.has_value());
        qInfo("%s", text->c_str());
        pipeline::GenerationRequest back;
        pipeline::apply_generation_parameters(image::parse_a1111_text(*text), back);
        QCOMPARE(back.prompt, r.prompt);
        QCOMPARE(back.negative_prompt, r.negative_prompt);
        QCOMPARE(back.steps, r.steps);
        QCOMPARE(back.sampler, r.sampler);
        QCOMPARE(back.cfg_scale, r.cfg_scale);
        QCOMPARE(uint64_t(back.seed), res.seed);
        QCOMPARE(back.width, 128);
        QCOMPARE(back.height, 128);
        QCOMPARE(back.clip_skip, 2);
        // Same parameters, same latents.
        const auto again = pipeline::generate(*model, back);
        QCOMPARE(test::max_abs_diff(again.latents, res.latents), 0.0);
    }

    void bad_inputs() {
        REQUIRE_TINY(model, "tiny-sd1");
        auto r = small_request();
        r.steps = 0;
        QVERIFY(error_of([&] { pipeline::generate(*model, r); }).contains("Steps"));

        r = small_request();
        r.init_image = grey_image(128, 128);
        r.strength = 1.5;
        QVERIFY(error_of([&] { pipeline::generate(*model, r); }).contains("Strength"));

        r = small_request();
        r.init_image = grey_image(128, 128);
        r.mask = image::Mask(128, 128, 1, 0);
        QVERIFY(error_of([&] { pipeline::generate(*model, r); }).contains("empty"));

        r = small_request();
        r.mask = image::Mask(128, 128, 1, 255);
        QVERIFY(error_of([&] { pipeline::generate(*model, r); }).contains("init image"));
    }

    void sizes_round_down_with_a_warning() {
        REQUIRE_TINY(model, "tiny-sd1");
        auto r = small_request();
        r.steps = 1;
        r.width = 132;  // the tiny VAE needs >= 16 latents a side, so 100 -> 96 would not fit
        const auto res = pipeline::generate(*model, r);
        QCOMPARE(res.image.width, 128);
        QCOMPARE(int(res.latents.size(3)), 16);
        QCOMPARE(int(res.warnings.size()), 1);
        QVERIFY(QString::fromStdString(res.warnings[0]).contains("132"));
    }

    void mask_of_another_size_is_resized() {
        REQUIRE_TINY(model, "tiny-sd1");
        auto r = small_request();
        r.steps = 2;
        r.init_image = grey_image(128, 128);
        r.strength = 1.0;
        r.mask = image::Mask(64, 64, 1, 0);
        for (int y = 16; y < 48; ++y)
            for (int x = 16; x < 48; ++x) r.mask->at(x, y) = 255;
        const auto res = pipeline::generate(*model, r);
        QCOMPARE(int(res.warnings.size()), 1);
        QVERIFY(QString::fromStdString(res.warnings[0]).contains("mask"));
        // Outside the mask the original pixels come back untouched.
        QCOMPARE(int(res.image.at(0, 0, 0)), 120);
        QCOMPARE(int(res.image.at(127, 127, 2)), 120);
    }

    void inpaint_only_masked_keeps_the_rest() {
        REQUIRE_TINY(model, "tiny-sd1");
        auto r = small_request();
        r.steps = 2;
        r.init_image = grey_image(256, 256);
        r.width = r.height = 128;
        r.strength = 0.8;
        r.mask = image::Mask(256, 256, 1, 0);
        for (int y = 100; y < 140; ++y)
            for (int x = 100; x < 140; ++x) r.mask->at(x, y) = 255;
        r.mask_options.inpaint_full_res = true;
        r.mask_options.padding = 16;
        r.mask_options.blur = 4;
        const auto res = pipeline::generate(*model, r);
        QCOMPARE(res.image.width, 256);
        QCOMPARE(int(res.image.at(5, 5, 1)), 120);
        QVERIFY(QString::fromStdString(res.parameters).contains("Mask blur: 4"));
    }

    // Sequential offload. Its moves need a GPU (LibTorch lets a parameter's data change device only
    // between real backends: the "meta" device cannot stand in); the CUDA configuration's
    // cli_cuda_generate_golden_offload checks them, with the same picture as without. Here: the
    // bookkeeping, and that nothing moves on the CPU.
    void offload_bookkeeping_and_nothing_moves_on_the_cpu() {
        c10::InferenceMode guard;
        torch::nn::Conv2d conv(torch::nn::Conv2dOptions(4, 8, 3));
        torch::nn::BatchNorm1d norm(8);  // buffers count too
        const auto weight = conv->weight.clone();
        ModuleOffload offload(torch::kCPU);
        offload.add("conv", conv.ptr());
        offload.add("norm", norm.ptr());
        QVERIFY(!offload.moves());
        QCOMPARE(offload.largest_bytes(), double((8 * 4 * 9 + 8) * 4));
        QVERIFY(!offload.activate("conv"));
        QVERIFY(conv->weight.is_cpu() && torch::equal(conv->weight, weight));
        QVERIFY(error_of([&] { offload.activate("vae"); }).contains("'vae'"));
        QVERIFY(error_of([&] { offload.add("conv", conv.ptr()); }).contains("twice"));

        REVERIE_REQUIRE_SHARED(path, "golden/models/tiny-sd1");
        pipeline::LoadOptions options;
        options.offload = true;
        auto m = pipeline::LoadedModel::load(path, torch::kCPU, torch::kFloat32, options);
        QVERIFY(!m->offload());
        m->use(io::Component::UNet);  // a no-op
        const auto needs = pipeline::estimate_memory(*m, 128, 128, true);
        QCOMPARE(needs.upload_mb, 0.0);
        QVERIFY(needs.weights_mb > 0);
    }

    void inpainting_model_needs_a_mask() {
        REQUIRE_TINY(model, "tiny-sd1-inpaint");
        auto r = small_request();
        QVERIFY(error_of([&] { pipeline::generate(*model, r); }).contains("inpainting model"));
    }
};

REVERIE_TEST_GUILESS_MAIN(TestPipelineFeatures)
#include "tst_pipeline_features.moc"
