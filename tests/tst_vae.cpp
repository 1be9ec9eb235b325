// labels: unit golden
// AutoencoderKL against diffusers 0.27.2 on the tiny VAEs from both layouts: posterior moments, a
// seeded posterior sample, decoding; and tiled decoding against the untiled result.
#include <ATen/CPUGeneratorImpl.h>
#include <yaml-cpp/yaml.h>

#include <map>

#include "core/common/error.h"
#include "core/io/builtin_model.h"
#include "core/io/keymap/ldm_keys.h"
#include "core/io/safetensors.h"
#include "core/models/autoencoder_kl.h"
#include "tests/support/model_files.h"
#include "tests/support/test_support.h"

using namespace reverie;

namespace {

const char* const kVariants[] = {"tiny-sd1", "tiny-sd2v", "tiny-sd1-inpaint"};
constexpr double kTolerance = 2e-4;

// {max, mean} absolute difference.
std::pair<double, double> errors(const torch::Tensor& a, const torch::Tensor& b) {
    return {test::max_abs_diff(a, b), (a - b).abs().mean().item<double>()};
}

AutoencoderKL load_vae(const std::string& models, const std::string& variant,
                       const std::string& layout) {
    static std::map<std::string, AutoencoderKL> cache;
    const std::string id = variant + "/" + layout;
    if (auto it = cache.find(id); it != cache.end()) return it->second;
    VaeConfig config;
    StateDict weights;
    if (layout == "diffusers") {
        config = VaeConfig::from_diffusers_json(
            test::read_json(models + "/" + variant + "/vae/config.json"));
        weights = test::read_state_dict(models + "/" + variant +
                                        "/vae/diffusion_pytorch_model.safetensors");
    } else {
        auto params = YAML::LoadFile(models + "/" + variant + ".yaml")["model"]["params"];
        config = VaeConfig::from_ldm_yaml(params["first_stage_config"]["params"],
                                          params["scale_factor"].as<double>());
        weights = io::vae_from_ldm(
            sub_dict(test::read_state_dict(models + "/" + variant + ".safetensors"),
                     "first_stage_model."),
            config);
    }
    AutoencoderKL vae(config);
    const auto unused = load_weights(*vae, weights, "VAE");
    if (!unused.empty()) throw Error("unused VAE weight " + unused.front());
    vae->eval();
    cache.emplace(id, vae);
    return vae;
}

}  // namespace

// One labelled parity figure per output of a case.
#define CHECK_CLOSE(what, actual, expected)                                                     \
    do {                                                                                        \
        const double err_ = test::max_abs_diff((actual), (expected));                           \
        qInfo("max abs error %s/%s %.3g (tolerance %.1g)", QTest::currentDataTag(), what, err_, \
              kTolerance);                                                                      \
        QVERIFY2(err_ <= kTolerance, what);                                                     \
    } while (0)

class TestVae : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void matches_diffusers_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("name");
        for (const char* v : kVariants)
            for (const char* layout : {"diffusers", "ldm"})
                for (const char* c : {"64x64", "64x96"})
                    QTest::addRow("%s/%s/%s", v, layout, c) << v << layout << c;
    }
    void matches_diffusers() {
        QFETCH(QString, variant);
        QFETCH(QString, layout);
        QFETCH(QString, name);
        const std::string v = variant.toStdString(), c = name.toStdString();
        REVERIE_REQUIRE_SHARED(models, "golden/models");
        REVERIE_REQUIRE_SHARED(golden, "golden/modules/" + v + "/vae.safetensors");
        auto g = io::SafetensorsFile::open(golden);
        auto vae = load_vae(models, v, layout.toStdString());
        c10::InferenceMode guard;

        auto moments = vae->encode(g->tensor(c + "/image"));
        CHECK_CLOSE("mean", moments.mean, g->tensor(c + "/mean"));
        CHECK_CLOSE("logvar", moments.logvar, g->tensor(c + "/logvar"));

        std::string sample_key;
        for (const auto& k : g->keys())
            if (k.rfind(c + "/sample_seed", 0) == 0) sample_key = k;
        QVERIFY2(!sample_key.empty(), "no sample_seed case");
        const uint64_t seed = std::stoull(sample_key.substr(sample_key.find("seed") + 4));
        auto gen = at::detail::createCPUGenerator(seed);
        // Drawn from the golden moments, so only the sampling is under test here.
        auto sample = vae->sample(g->tensor(c + "/mean"), g->tensor(c + "/logvar"), &gen);
        CHECK_CLOSE("sample", sample, g->tensor(sample_key));

        CHECK_CLOSE("decoded", vae->decode(g->tensor(c + "/z")), g->tensor(c + "/decoded"));
        CHECK_CLOSE("decode_of_mean", vae->decode(g->tensor(c + "/mean")),
                    g->tensor(c + "/decode_of_mean"));
    }

    void tiled_decode_close_to_untiled() {
        REVERIE_REQUIRE_SHARED(models, "golden/models");
        auto vae = load_vae(models, "tiny-sd1", "diffusers");
        c10::InferenceMode guard;
        auto gen = at::detail::createCPUGenerator(1234);
        auto z = torch::randn({1, 4, 32, 32}, gen);
        auto full = vae->decode(z);

        // A tile as large as the latent is the untiled decode, bit for bit.
        QCOMPARE(test::max_abs_diff(vae->decode_tiled(z, 32, 8), full), 0.0);

        // The random tiny VAE sees far past a 16-latent tile (zero padding at tile borders
        // dominates), so only the bounds hold here; image-wide statistics are measured on a trained
        // VAE below.
        using TileNorm = AutoencoderKLImpl::TileNorm;
        auto tiled = vae->decode_tiled(z, 16, 8);
        QCOMPARE(tiled.sizes(), full.sizes());
        auto per_tile = vae->decode_tiled(z, 16, 8, TileNorm::PerTile);
        auto cut = vae->decode_tiled(z, 16, 0, TileNorm::PerTile);
        const auto [max_err, mean_err] = errors(tiled, full);
        const auto [tile_max, tile_mean] = errors(per_tile, full);
        const auto [cut_max, cut_mean] = errors(cut, full);
        qInfo(
            "random tiny VAE, 32x32 latent (output std %.3g): image-wide statistics max %.3g mean "
            "%.3g; per-tile statistics max %.3g mean %.3g; butted tiles max %.3g mean %.3g",
            full.std().item<double>(), max_err, mean_err, tile_max, tile_mean, cut_max, cut_mean);
        QVERIFY(max_err < tile_max);
        QVERIFY(tile_mean < cut_mean);
        const double spread = full.std().item<double>();

        // Non-square and not a multiple of the stride.
        auto z2 = torch::randn({2, 4, 20, 37}, gen);
        auto t2 = vae->decode_tiled(z2, 16, 8);
        QCOMPARE(t2.sizes(), (std::vector<int64_t>{2, 3, 160, 296}));
        QVERIFY(torch::isfinite(t2).all().item<bool>());
        QVERIFY((t2 - vae->decode(z2)).abs().mean().item<double>() < spread);
    }

    void tiled_decode_with_image_statistics_is_seamless() {
        // A trained VAE (the built-in model's) on a smooth 512x512 picture, tiles of 32 latents:
        // every tile normalised by its own GroupNorm statistics leaves seams; image-wide
        // statistics leave a small smooth deviation.
        const std::string dir = io::builtin_model_path();
        if (dir.empty()) QFAIL("the built-in model is missing (resources/models/reverie-shapes)");
        auto vae = load_vae(dir, "", "diffusers");
        c10::InferenceMode guard;
        const int64_t s = 512;
        auto yy = torch::linspace(-1, 1, s).view({1, 1, s, 1}).expand({1, 1, s, s});
        auto xx = torch::linspace(-1, 1, s).view({1, 1, 1, s}).expand({1, 1, s, s});
        auto disc = ((xx * xx + yy * yy) < 0.3).to(torch::kFloat32);
        auto image = torch::cat(
            {torch::sin(6 * xx) * 0.7, torch::cos(5 * yy + 3 * xx) * 0.6, disc * 1.6 - 0.8}, 1);
        auto z = vae->encode(image).mean;
        auto full = vae->decode(z);
        const auto [max_err, mean_err] = errors(vae->decode_tiled(z, 32, 8), full);
        const auto [tile_max, tile_mean] =
            errors(vae->decode_tiled(z, 32, 8, AutoencoderKLImpl::TileNorm::PerTile), full);
        qInfo(
            "built-in VAE, 512x512 in tiles of 32 latents: image-wide statistics max %.3g mean "
            "%.3g; per-tile statistics max %.3g mean %.3g (on [-1, 1])",
            max_err, mean_err, tile_max, tile_mean);
        QVERIFY(mean_err < 0.5 * tile_mean);
        QVERIFY(max_err < 0.5 * tile_max);
        QVERIFY(max_err < 0.1);
    }

    void ldm_table_converts_attention_convolutions() {
        REVERIE_REQUIRE_SHARED(models, "golden/models");
        auto params = YAML::LoadFile(models + "/tiny-sd1.yaml")["model"]["params"];
        auto config = VaeConfig::from_ldm_yaml(params["first_stage_config"]["params"]);
        QCOMPARE(config.block_out_channels, (std::vector<int64_t>{32, 32, 32, 32}));
        auto ldm =
            sub_dict(test::read_state_dict(models + "/tiny-sd1.safetensors"), "first_stage_model.");
        auto d = io::vae_from_ldm(ldm, config);
        QCOMPARE(d.at("decoder.mid_block.attentions.0.to_out.0.weight").sizes(),
                 (c10::IntArrayRef{32, 32}));
        QVERIFY(d.count("decoder.up_blocks.0.upsamplers.0.conv.weight"));
        QVERIFY(!d.count("decoder.up_blocks.3.upsamplers.0.conv.weight"));

        ldm.erase("decoder.mid.attn_1.q.weight");
        ldm.erase("decoder.mid.attn_1.q.bias");
        AutoencoderKL vae(config);
        try {
            load_weights(*vae, io::vae_from_ldm(ldm, config), "VAE");
            QFAIL("a missing weight was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("decoder.mid_block.attentions.0.to_q") !=
                         std::string::npos,
                     e.what());
        }
    }
};

REVERIE_TEST_GUILESS_MAIN(TestVae)
#include "tst_vae.moc"
