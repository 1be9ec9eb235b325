// labels: unit golden
// Layout and family detection for both checkpoint layouts, and the clear errors users get for bad
// files.
#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/io/checkpoint.h"
#include "core/io/safetensors.h"
#include "core/models/clip_text_model.h"
#include "tests/support/test_support.h"

using namespace reverie;
namespace fs = std::filesystem;

namespace {

// Expects `fn` to throw a reverie::Error containing every needle.
template <typename Fn>
void expect_error(Fn fn, std::initializer_list<const char*> needles) {
    try {
        fn();
    } catch (const Error& e) {
        for (const char* n : needles)
            QVERIFY2(std::string(e.what()).find(n) != std::string::npos, e.what());
        return;
    }
    QFAIL("expected an error");
}

// A copy of the tiny single-file model with `edit` applied to its tensors.
std::string edited_copy(const std::string& src, const std::string& name,
                        const std::function<void(io::NamedTensors&)>& edit) {
    auto f = io::SafetensorsFile::open(src);
    io::NamedTensors tensors;
    for (const auto& k : f->keys()) tensors.emplace_back(k, f->tensor(k));
    edit(tensors);
    const std::string out = test::scratch_dir() + "/" + name;
    io::save_safetensors(out, tensors);
    // The tiny model's config cannot be inferred from shapes: its yaml travels with it.
    fs::copy_file(fs::path(src).replace_extension(".yaml"),
                  fs::path(out).replace_extension(".yaml"), fs::copy_options::overwrite_existing);
    return out;
}

}  // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void detects_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("layout");
        QTest::addColumn<int>("family");
        QTest::addColumn<int>("prediction");
        QTest::addColumn<bool>("inpainting");
        using L = io::CheckpointLayout;
        using F = io::ModelFamily;
        using P = io::Prediction;
        QTest::newRow("sd1 diffusers")
            << "tiny-sd1" << int(L::Diffusers) << int(F::SD1) << int(P::Epsilon) << false;
        QTest::newRow("sd1 file") << "tiny-sd1.safetensors" << int(L::SingleFile) << int(F::SD1)
                                  << int(P::Epsilon) << false;
        QTest::newRow("sd2v diffusers")
            << "tiny-sd2v" << int(L::Diffusers) << int(F::SD2) << int(P::VPrediction) << false;
        QTest::newRow("sd2v file") << "tiny-sd2v.safetensors" << int(L::SingleFile) << int(F::SD2)
                                   << int(P::VPrediction) << false;
        QTest::newRow("inpaint diffusers")
            << "tiny-sd1-inpaint" << int(L::Diffusers) << int(F::SD1) << int(P::Epsilon) << true;
        QTest::newRow("inpaint file") << "tiny-sd1-inpaint.safetensors" << int(L::SingleFile)
                                      << int(F::SD1) << int(P::Epsilon) << true;
    }
    void detects() {
        QFETCH(QString, model);
        QFETCH(int, layout);
        QFETCH(int, family);
        QFETCH(int, prediction);
        QFETCH(bool, inpainting);
        REVERIE_REQUIRE_SHARED(path, "golden/models/" + model.toStdString());
        auto cp = io::Checkpoint::open(path);
        const auto& d = cp->description();
        QCOMPARE(int(d.layout), layout);
        QCOMPARE(int(d.family), family);
        QCOMPARE(int(d.prediction), prediction);
        QCOMPARE(d.inpainting, inpainting);
        QCOMPARE(d.text.num_layers, 3);
        QCOMPARE(d.text.hidden_size, 16);
        QCOMPARE(d.text.num_heads, 2);
        QCOMPARE(d.tokenizer.pad_id, family == int(io::ModelFamily::SD1) ? 49407 : 0);
        QVERIFY2(!d.tokenizer.vocab.empty(), "the CLIP vocabulary must be found");
        QCOMPARE(d.vae_scaling_factor, 0.18215);
        QCOMPARE(cp->parameter_count(io::Component::UNet), inpainting ? 1654916 : 1653476);
        QCOMPARE(cp->parameter_count(io::Component::Vae), int64_t(516519));
        QCOMPARE(cp->dtypes(io::Component::UNet), std::set<std::string>{"F16"});
    }

    void brokenPicklesAreNamed() {
        const std::string ckpt = test::scratch_dir() + "/model.ckpt";
        std::ofstream(ckpt, std::ios::binary) << "PK\x03\x04 not really a zip";
        expect_error([&] { io::Checkpoint::open(ckpt); }, {"model.ckpt", "zip"});
        // A pre-1.6 pickle by its first bytes, whatever its name says.
        const std::string disguised = test::scratch_dir() + "/disguised.safetensors";
        std::ofstream(disguised, std::ios::binary) << "\x80\x02}q\x00.";
        expect_error([&] { io::Checkpoint::open(disguised); }, {"legacy", "PyTorch"});
        // A real torch.save .ckpt loads: tests/cli (cli_golden_sd1_ckpt_euler).
    }

    void rejectsWhatIsNotAModel() {
        expect_error([] { io::Checkpoint::open("/nonexistent/model.safetensors"); },
                     {"does not exist"});
        const std::string dir = test::scratch_dir() + "/empty-folder";
        fs::create_directories(dir);
        expect_error([&] { io::Checkpoint::open(dir); }, {"model_index.json"});
        const std::string lora = test::scratch_dir() + "/lora.safetensors";
        io::save_safetensors(lora, {{"lora_unet_down.lora_up.weight", torch::zeros({4, 4})}});
        expect_error([&] { io::Checkpoint::open(lora); },
                     {"not a Stable Diffusion checkpoint", "LoRA"});
    }

    void truncatedFileIsAnError() {
        REVERIE_REQUIRE_SHARED(src, "golden/models/tiny-sd1.safetensors");
        const std::string out = test::scratch_dir() + "/truncated.safetensors";
        std::ifstream in(src, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        std::ofstream(out, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size() / 2));
        expect_error([&] { io::Checkpoint::open(out); },
                     {"truncated.safetensors", "outside the data area"});
    }

    void missingAndMisshapedKeysAreNamed() {
        REVERIE_REQUIRE_SHARED(src, "golden/models/tiny-sd1.safetensors");
        const std::string key = "cond_stage_model.transformer.text_model.final_layer_norm.weight";
        auto missing = edited_copy(src, "missing.safetensors", [&](io::NamedTensors& t) {
            t.erase(std::remove_if(t.begin(), t.end(), [&](auto& kv) { return kv.first == key; }),
                    t.end());
        });
        auto misshaped = edited_copy(src, "misshaped.safetensors", [&](io::NamedTensors& t) {
            for (auto& kv : t)
                if (kv.first == key) kv.second = torch::ones({20}, torch::kFloat16);
        });
        for (const auto& [path, needles] :
             std::vector<std::pair<std::string, std::vector<const char*>>>{
                 {missing, {"text_model.final_layer_norm.weight", "missing"}},
                 {misshaped, {"text_model.final_layer_norm.weight", "[20]", "[16]"}}}) {
            auto cp = io::Checkpoint::open(path);
            ClipTextModel m(cp->description().text);
            try {
                load_weights(*m, cp->weights(io::Component::TextEncoder), "text encoder");
                QFAIL("expected an error");
            } catch (const Error& e) {
                for (const char* n : needles)
                    QVERIFY2(std::string(e.what()).find(n) != std::string::npos, e.what());
            }
        }
    }
};

REVERIE_TEST_GUILESS_MAIN(TestCheckpoint)
#include "tst_checkpoint.moc"
