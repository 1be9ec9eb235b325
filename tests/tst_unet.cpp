// labels: unit golden
// UNet2DConditionModel against diffusers 0.27.2 on the tiny models, loaded from both the diffusers
// folder and the LDM single file; plus the config readers and weight-loading errors.
#include <yaml-cpp/yaml.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/io/keymap/ldm_keys.h"
#include "core/io/safetensors.h"
#include "core/models/unet.h"
#include "tests/support/model_files.h"
#include "tests/support/test_support.h"

using namespace reverie;

namespace {

const char* const kVariants[] = {"tiny-sd1", "tiny-sd2v", "tiny-sd1-inpaint"};
const char* const kCases[] = {"b2_16x16_t", "b1_16x16_t1", "b2_16x24_t", "b1_16x24_t1",
                              "b2_scalar_t"};
constexpr double kTolerance = 2e-4;

YAML::Node unet_yaml(const std::string& models, const std::string& variant) {
    return YAML::LoadFile(models + "/" + variant +
                          ".yaml")["model"]["params"]["unet_config"]["params"];
}

// The model of `variant` loaded from `layout` ("diffusers" or "ldm"), built once per process.
UNet2DConditionModel load_unet(const std::string& models, const std::string& variant,
                               const std::string& layout) {
    static std::map<std::string, UNet2DConditionModel> cache;
    const std::string id = variant + "/" + layout;
    if (auto it = cache.find(id); it != cache.end()) return it->second;
    UNetConfig config;
    StateDict weights;
    if (layout == "diffusers") {
        config = UNetConfig::from_diffusers_json(
            test::read_json(models + "/" + variant + "/unet/config.json"));
        weights = test::read_state_dict(models + "/" + variant +
                                        "/unet/diffusion_pytorch_model.safetensors");
    } else {
        config = UNetConfig::from_ldm_yaml(unet_yaml(models, variant));
        weights = io::unet_from_ldm(
            sub_dict(test::read_state_dict(models + "/" + variant + ".safetensors"),
                     "model.diffusion_model."),
            config);
    }
    UNet2DConditionModel unet(config);
    const auto unused = load_weights(*unet, weights, "UNet");
    if (!unused.empty()) throw Error("unused UNet weight " + unused.front());
    unet->eval();
    cache.emplace(id, unet);
    return unet;
}

}  // namespace

class TestUNet : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void configs_agree_between_layouts_data() {
        QTest::addColumn<QString>("variant");
        for (const char* v : kVariants) QTest::newRow(v) << v;
    }
    void configs_agree_between_layouts() {
        QFETCH(QString, variant);
        REVERIE_REQUIRE_SHARED(models, "golden/models");
        const std::string v = variant.toStdString();
        auto a = UNetConfig::from_diffusers_json(
            test::read_json(models + "/" + v + "/unet/config.json"));
        auto b = UNetConfig::from_ldm_yaml(unet_yaml(models, v));
        QCOMPARE(a.in_channels, b.in_channels);
        QCOMPARE(a.block_out_channels, b.block_out_channels);
        QCOMPARE(a.attention_heads, b.attention_heads);
        QCOMPARE(a.down_block_types, b.down_block_types);
        QCOMPARE(a.up_block_types, b.up_block_types);
        QCOMPARE(a.use_linear_projection, b.use_linear_projection);
        QCOMPARE(a.upcast_attention, b.upcast_attention);
        QCOMPARE(a.cross_attention_dim, b.cross_attention_dim);
        // SD1 keeps the head count (4 everywhere), SD2 the head dim (8 channels per head).
        const std::vector<int64_t> heads =
            v == "tiny-sd2v" ? std::vector<int64_t>{4, 4, 4, 8} : std::vector<int64_t>{4, 4, 4, 4};
        QCOMPARE(a.attention_heads, heads);
    }

    void presets_match_the_released_models() {
        auto sd15 = UNetConfig::sd15();
        QCOMPARE(sd15.attention_heads, (std::vector<int64_t>{8, 8, 8, 8}));
        QCOMPARE(sd15.cross_attention_dim, int64_t(768));
        QCOMPARE(UNetConfig::sd15_inpainting().in_channels, int64_t(9));
        auto sd21 = UNetConfig::sd21();
        // 64 channels per head at every level
        for (size_t i = 0; i < sd21.block_out_channels.size(); ++i)
            QCOMPARE(sd21.block_out_channels[i] / sd21.attention_heads[i], int64_t(64));
        QVERIFY(sd21.use_linear_projection);
        QCOMPARE(sd21.cross_attention_dim, int64_t(1024));
    }

    void time_embedding_data() {
        QTest::addColumn<QString>("variant");
        for (const char* v : kVariants) QTest::newRow(v) << v;
    }
    void time_embedding() {
        QFETCH(QString, variant);
        const std::string v = variant.toStdString();
        REVERIE_REQUIRE_SHARED(models, "golden/models");
        REVERIE_REQUIRE_SHARED(golden, "golden/modules/" + v + "/unet.safetensors");
        auto g = io::SafetensorsFile::open(golden);
        auto unet = load_unet(models, v, "diffusers");
        c10::InferenceMode guard;
        auto t = torch::tensor({999, 501}, torch::kInt64);
        auto proj = unet->time_proj(t);
        auto emb = unet->time_embedding(proj);
        const double e1 = test::max_abs_diff(proj, g->tensor("time_proj_999_501"));
        const double e2 = test::max_abs_diff(emb, g->tensor("time_embedding_999_501"));
        qInfo("max abs error %s time_proj %.3g, time_embedding %.3g", v.c_str(), e1, e2);
        QVERIFY(e1 <= 1e-5);
        QVERIFY(e2 <= 1e-5);
    }

    void forward_matches_diffusers_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("name");
        for (const char* v : kVariants)
            for (const char* layout : {"diffusers", "ldm"})
                for (const char* c : kCases)
                    QTest::addRow("%s/%s/%s", v, layout, c) << v << layout << c;
    }
    void forward_matches_diffusers() {
        QFETCH(QString, variant);
        QFETCH(QString, layout);
        QFETCH(QString, name);
        const std::string v = variant.toStdString(), c = name.toStdString();
        REVERIE_REQUIRE_SHARED(models, "golden/models");
        REVERIE_REQUIRE_SHARED(golden, "golden/modules/" + v + "/unet.safetensors");
        auto g = io::SafetensorsFile::open(golden);
        auto unet = load_unet(models, v, layout.toStdString());
        c10::InferenceMode guard;
        auto out = unet->forward(g->tensor(c + "/sample"), g->tensor(c + "/timestep"),
                                 g->tensor(c + "/encoder_hidden_states"));
        REVERIE_COMPARE_TENSORS(out, g->tensor(c + "/out"), kTolerance);
    }

    void wrong_shape_names_key_and_shapes() {
        REVERIE_REQUIRE_SHARED(models, "golden/models");
        auto config =
            UNetConfig::from_diffusers_json(test::read_json(models + "/tiny-sd1/unet/config.json"));
        auto weights =
            test::read_state_dict(models + "/tiny-sd1/unet/diffusion_pytorch_model.safetensors");
        const std::string key = "down_blocks.1.attentions.0.proj_in.weight";
        weights[key] = torch::zeros({32, 16, 1, 1});
        UNet2DConditionModel unet(config);
        try {
            load_weights(*unet, weights, "UNet");
            QFAIL("a wrongly shaped weight was accepted");
        } catch (const Error& e) {
            const std::string msg = e.what();
            qInfo("%s", e.what());
            QVERIFY2(msg.find(key) != std::string::npos, e.what());
            QVERIFY2(msg.find("[32, 16, 1, 1]") != std::string::npos, e.what());
            QVERIFY2(msg.find("[32, 32, 1, 1]") != std::string::npos, e.what());
        }
    }

    void ldm_table_rejects_a_file_that_does_not_fit() {
        REVERIE_REQUIRE_SHARED(models, "golden/models");
        auto config = UNetConfig::from_ldm_yaml(unet_yaml(models, "tiny-sd1"));
        auto ldm = sub_dict(test::read_state_dict(models + "/tiny-sd1.safetensors"),
                            "model.diffusion_model.");

        auto extra = ldm;
        extra["input_blocks.12.0.in_layers.0.weight"] = torch::zeros({4});
        try {
            io::unet_from_ldm(extra, config);
            QFAIL("an unexplained key was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("input_blocks.12.0.in_layers.0.weight") !=
                         std::string::npos,
                     e.what());
        }

        auto missing = ldm;
        for (auto it = missing.begin(); it != missing.end();)
            it = it->first.rfind("output_blocks.5.2.", 0) == 0 ? missing.erase(it) : std::next(it);
        try {
            io::unet_from_ldm(missing, config);
            QFAIL("a missing upsampler was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("output_blocks.5.2.conv.") != std::string::npos,
                     e.what());
        }
    }

    void odd_sizes_and_reduced_precision() {
        REVERIE_REQUIRE_SHARED(models, "golden/models");
        auto unet = load_unet(models, "tiny-sd2v", "diffusers");
        c10::InferenceMode guard;
        torch::manual_seed(7);
        // 15×21 halves to 8×11, 4×6, 2×3: every upsampler must follow the skip sizes.
        auto x = torch::randn({3, 4, 15, 21});
        auto ctx = torch::randn({3, 77, 16});
        auto t = torch::tensor({10.0, 500.0, 990.0});
        auto out = unet->forward(x, t, ctx);
        QCOMPARE(out.sizes(), x.sizes());
        QVERIFY(torch::isfinite(out).all().item<bool>());

        auto copy = UNet2DConditionModel(unet->config());
        load_weights(
            *copy,
            test::read_state_dict(models + "/tiny-sd2v/unet/diffusion_pytorch_model.safetensors"),
            "UNet");
        copy->to(torch::kBFloat16);
        auto low = copy->forward(x.to(torch::kBFloat16), t, ctx.to(torch::kBFloat16));
        QCOMPARE(low.scalar_type(), torch::kBFloat16);
        const double err = test::max_abs_diff(low.to(torch::kFloat32), out);
        qInfo("bf16 vs fp32 max abs difference %.3g (scale %.3g)", err,
              out.abs().max().item<double>());
        QVERIFY(err < 0.1 * out.abs().max().item<double>() + 0.05);
    }

    // addition_embed_type "text" (diffusers' TextTimeEmbedding): the caption, attention-pooled
    // into one vector, joins the timestep embedding that every ResnetBlock reads.
    void pooled_text_embedding() {
        nlohmann::json j = {{"block_out_channels", {32, 64}},
                            {"layers_per_block", 1},
                            {"attention_head_dim", {2, 2}},
                            {"cross_attention_dim", 16},
                            {"norm_num_groups", 8},
                            {"down_block_types", {"DownBlock2D", "DownBlock2D"}},
                            {"up_block_types", {"UpBlock2D", "UpBlock2D"}},
                            {"addition_embed_type", "text"},
                            {"addition_embed_type_num_heads", 4}};
        const auto config = UNetConfig::from_diffusers_json(j);
        QCOMPARE(QString::fromStdString(config.addition_embed_type), QStringLiteral("text"));
        QCOMPARE(config.addition_embed_type_num_heads, int64_t(4));
        torch::manual_seed(3);
        UNet2DConditionModel unet(config);
        const auto names = unet->named_parameters();
        for (const char* key :
             {"add_embedding.norm1.weight", "add_embedding.pool.positional_embedding",
              "add_embedding.pool.q_proj.weight", "add_embedding.proj.weight",
              "add_embedding.norm2.bias"})
            QVERIFY2(names.contains(key), key);  // diffusers' names, so its files load
        c10::InferenceMode guard;
        const auto out = unet->forward(torch::randn({2, 4, 8, 8}), torch::tensor({500, 500}),
                                       torch::randn({2, 7, 16}));
        QVERIFY(out.sizes().vec() == (std::vector<int64_t>{2, 4, 8, 8}));

        TextTimeEmbedding pooled(16, 128, 4);
        const auto ctx = torch::randn({2, 7, 16});
        const auto e = pooled->forward(ctx);
        QVERIFY(e.sizes().vec() == (std::vector<int64_t>{2, 128}));
        QVERIFY(test::max_abs_diff(e[0], e[1]) > 1e-3);  // one vector per caption
        // Pooling ignores token order (mean query, no positions): a permutation changes nothing.
        const auto shuffled = ctx.index_select(1, torch::tensor({6, 2, 0, 5, 1, 3, 4}));
        QVERIFY(test::max_abs_diff(pooled->forward(shuffled), e) < 1e-5);

        j["addition_embed_type"] = "text_time";  // SDXL's: not supported, and said so
        QVERIFY_THROWS_EXCEPTION(Error, UNetConfig::from_diffusers_json(j));
        j.erase("addition_embed_type");
        const auto plain = UNet2DConditionModel(UNetConfig::from_diffusers_json(j));
        QVERIFY(!plain->named_parameters().contains("add_embedding.proj.weight"));
    }
};

REVERIE_TEST_GUILESS_MAIN(TestUNet)
#include "tst_unet.moc"
