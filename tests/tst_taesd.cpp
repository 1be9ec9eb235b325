// labels: unit golden
// TAESD against the upstream Python (madebyollin/taesd taesd.py) on seeded random SD weights and
// on the real FLUX.2 TAE, plus the errors a wrong file must give.
#include <chrono>

#include "core/common/error.h"
#include "core/io/safetensors.h"
#include "core/models/taesd.h"
#include "tests/support/test_support.h"

using reverie::Error;
using reverie::io::SafetensorsFile;

namespace {

constexpr double kTolerance = 1e-4;

reverie::StateDict read_all(const std::string& path) {
    auto file = SafetensorsFile::open(path);
    reverie::StateDict weights;
    for (const auto& key : file->keys()) weights.emplace(key, file->tensor(key));
    return weights;
}

// Runs `f` and expects a reverie::Error whose text holds every one of `needles`.
template <class Fn>
void expect_error(Fn&& f, std::initializer_list<const char*> needles) {
    try {
        f();
    } catch (const Error& e) {
        qInfo("error as expected: %s", e.what());
        for (const char* needle : needles)
            QVERIFY2(std::string(e.what()).find(needle) != std::string::npos,
                     qPrintable(QString("'%1' lacks '%2'").arg(e.what(), needle)));
        return;
    }
    QFAIL("no reverie::Error thrown");
}

}  // namespace

class TestTaesd : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void sdEncoderMatchesGolden_data() { sizes(); }
    void sdEncoderMatchesGolden() {
        QFETCH(QString, size);
        compare_sd_case<reverie::TaesdEncoder>("assets/taesd/taesd_encoder.random.safetensors",
                                               size.toStdString(), "/image_0_1", "/encoded");
    }

    void sdDecoderMatchesGolden_data() { sizes(); }
    void sdDecoderMatchesGolden() {
        QFETCH(QString, size);
        compare_sd_case<reverie::TaesdDecoder>("assets/taesd/taesd_decoder.random.safetensors",
                                               size.toStdString(), "/latent", "/decoded");
    }

    void scaleLatentsMatchesGolden_data() { sizes(); }
    void scaleLatentsMatchesGolden() {
        QFETCH(QString, size);
        REVERIE_REQUIRE_SHARED(golden_path, "golden/taesd/taesd_random.safetensors");
        auto golden = SafetensorsFile::open(golden_path);
        const std::string tag = size.toStdString();
        auto latent = golden->tensor(tag + "/latent");
        auto scaled = reverie::taesd_scale_latents(latent);
        REVERIE_COMPARE_TENSORS(scaled, golden->tensor(tag + "/scale_latents"), 1e-6);
        // Round trip holds wherever the clamp did not bite.
        auto inside = latent.abs() < 3;
        auto back = reverie::taesd_unscale_latents(scaled);
        QVERIFY(
            torch::allclose(back.masked_select(inside), latent.masked_select(inside), 1e-5, 1e-5));
    }

    void configComesFromShapes() {
        REVERIE_REQUIRE_SHARED(sd, "assets/taesd/taesd_decoder.random.safetensors");
        REVERIE_REQUIRE_SHARED(f2, "assets/taesd/taef2_decoder.safetensors");
        REVERIE_REQUIRE_SHARED(f2_enc, "assets/taesd/taef2_encoder.safetensors");
        auto sd_config = reverie::taesd_decoder_config(read_all(sd), "sd");
        QCOMPARE(sd_config.latent_channels, int64_t(4));
        QCOMPARE(sd_config.width, int64_t(64));
        QVERIFY(!sd_config.midblock_gn);
        auto f2_config = reverie::taesd_decoder_config(read_all(f2), "f2");
        QCOMPARE(f2_config.latent_channels, int64_t(32));
        QVERIFY(f2_config.midblock_gn);
        auto f2_enc_config = reverie::taesd_encoder_config(read_all(f2_enc), "f2 encoder");
        QCOMPARE(f2_enc_config.latent_channels, int64_t(32));
        QVERIFY(f2_enc_config.midblock_gn);
    }

    void flux2MatchesGolden() {
        REVERIE_REQUIRE_SHARED(golden_path, "golden/taesd/taef2_real.safetensors");
        REVERIE_REQUIRE_SHARED(enc_path, "assets/taesd/taef2_encoder.safetensors");
        REVERIE_REQUIRE_SHARED(dec_path, "assets/taesd/taef2_decoder.safetensors");
        auto golden = SafetensorsFile::open(golden_path);
        auto encoder = reverie::load_taesd_encoder(enc_path);
        auto decoder = reverie::load_taesd_decoder(dec_path);
        torch::NoGradGuard no_grad;
        auto encoded = encoder->forward(golden->tensor("image_0_1"));
        REVERIE_COMPARE_TENSORS(encoded, golden->tensor("encoded"), kTolerance);
        auto decoded = decoder->forward(golden->tensor("encoded"));
        REVERIE_COMPARE_TENSORS(decoded, golden->tensor("decoded_of_encoded"), kTolerance);
    }

    void wrongShapeNamesKeyAndShapes() {
        REVERIE_REQUIRE_SHARED(path, "assets/taesd/taesd_decoder.random.safetensors");
        auto weights = read_all(path);
        weights["8.conv.2.weight"] = torch::zeros({64, 64, 1, 1});
        expect_error([&] { reverie::make_taesd_decoder(weights, "TAESD decoder test"); },
                     {"8.conv.2.weight", "[64, 64, 1, 1]", "[64, 64, 3, 3]"});
    }

    void otherLayoutsAreRefused() {
        REVERIE_REQUIRE_SHARED(sana, "assets/taesd/taesana_encoder.safetensors");
        REVERIE_REQUIRE_SHARED(decoder, "assets/taesd/taesd_decoder.random.safetensors");
        expect_error([&] { reverie::load_taesd_encoder(sana); },
                     {"not a TAESD encoder", sana.c_str()});
        expect_error([&] { reverie::load_taesd_encoder(decoder); }, {"not a TAESD encoder"});
        // An extra layer is another architecture: refused rather than silently ignored.
        auto weights = read_all(decoder);
        weights["20.weight"] = torch::zeros({3, 3, 3, 3});
        expect_error([&] { reverie::make_taesd_decoder(weights, "extra"); },
                     {"unsupported TAESD variant", "20.weight"});
    }

    void wrongInputChannelsIsAnError() {
        REVERIE_REQUIRE_SHARED(path, "assets/taesd/taesd_decoder.random.safetensors");
        auto decoder = reverie::load_taesd_decoder(path);
        torch::NoGradGuard no_grad;
        expect_error([&] { decoder->forward(torch::zeros({1, 16, 8, 8})); }, {"[N,4,H,W]"});
    }

    void decodeTiming() {
        REVERIE_REQUIRE_SHARED(path, "assets/taesd/taesd_decoder.random.safetensors");
        auto decoder = reverie::load_taesd_decoder(path);
        torch::NoGradGuard no_grad;
        auto latent = torch::randn({1, 4, 64, 64}) * 0.8;
        decoder->forward(latent.narrow(2, 0, 8).narrow(3, 0, 8));  // warm-up
        const auto start = std::chrono::steady_clock::now();
        auto image = decoder->forward(latent);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        qInfo("TAESD decode 1x4x64x64 -> 512x512 on CPU (%d threads): %.0f ms",
              torch::get_num_threads(), ms);
        QCOMPARE(image.sizes().vec(), (std::vector<int64_t>{1, 3, 512, 512}));
        QVERIFY(torch::isfinite(image).all().item<bool>());
    }

  private:
    // Runs one golden case of the random SD weights: golden[tag + input] -> golden[tag + output].
    template <class Holder>
    void compare_sd_case(const char* weights_relative, const std::string& tag, const char* input,
                         const char* output) {
        REVERIE_REQUIRE_SHARED(golden_path, "golden/taesd/taesd_random.safetensors");
        REVERIE_REQUIRE_SHARED(weights_path, weights_relative);
        auto golden = SafetensorsFile::open(golden_path);
        Holder module = load<Holder>(weights_path);
        torch::NoGradGuard no_grad;
        auto actual = module->forward(golden->tensor(tag + input));
        REVERIE_COMPARE_TENSORS(actual, golden->tensor(tag + output), kTolerance);
    }

    template <class Holder>
    static Holder load(const std::string& path) {
        if constexpr (std::is_same_v<Holder, reverie::TaesdEncoder>)
            return reverie::load_taesd_encoder(path);
        else
            return reverie::load_taesd_decoder(path);
    }

    void sizes() {
        QTest::addColumn<QString>("size");
        QTest::newRow("128x128") << QString("128x128");
        QTest::newRow("128x192") << QString("128x192");
    }
};

REVERIE_TEST_GUILESS_MAIN(TestTaesd)
#include "tst_taesd.moc"
