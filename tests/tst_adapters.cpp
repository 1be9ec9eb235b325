// labels: unit
// LoRA / LyCORIS / textual inversion without any model file: the merge formulas against
// AUTOMATIC1111's and ComfyUI's arithmetic written out independently here, the naming schemes and
// hostile files (merging into a model and the exact undo: tst_adapter_merge).
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/adapters/adapter_file.h"
#include "core/adapters/adapter_info.h"
#include "core/adapters/adapter_set.h"
#include "core/adapters/apply_adapter.h"
#include "core/adapters/embedding_file.h"
#include "core/adapters/embedding_tokenizer.h"
#include "core/adapters/prompt_loras.h"
#include "core/adapters/weight_delta.h"
#include "core/common/error.h"
#include "core/io/keymap/ldm_keys.h"
#include "core/io/restricted_pickle.h"
#include "core/io/safetensors.h"
#include "core/io/torch_pickle.h"
#include "core/models/layers.h"
#include "tests/support/adapter_toys.h"
#include "tests/support/test_support.h"

using namespace reverie;
using namespace reverie::adapters;
using namespace reverie::test;
using torch::Tensor;

namespace {

// A1111 lyco_helpers.make_weight_cp: two einsums, t [r, r, k, l], wa [r, out], wb [r, in].
Tensor a1111_make_weight_cp(const Tensor& t, const Tensor& wa, const Tensor& wb) {
    auto temp = torch::einsum("ijkl,jr->irkl", {t, wb});
    return torch::einsum("ijkl,ir->rjkl", {temp, wa});
}

// A fake tokenizer: one id per space-separated word (its length), for the embedding tokenizer.
struct WordTokenizer : text::Tokenizer {
    std::vector<int> encode(const std::string& s) const override {
        std::vector<int> ids;
        std::istringstream in(s);
        std::string w;
        while (in >> w) {
            // "a-b" splits in two tokens, like CLIP's punctuation split.
            std::string part;
            for (char c : w + "-") {
                if (c == '-') {
                    if (!part.empty()) ids.push_back(int(std::hash<std::string>()(part) % 1000));
                    part.clear();
                } else {
                    part += char(std::tolower(c));
                }
            }
        }
        return ids;
    }
    std::vector<std::string> tokens(const std::string&) const override { return {}; }
    std::string decode(const std::vector<int>&) const override { return ""; }
    int bos_id() const override { return 1000; }
    int eos_id() const override { return 1001; }
    int pad_id() const override { return 1001; }
    int max_length() const override { return 77; }
};

}  // namespace

class TestAdapters : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() { torch::manual_seed(7); }

    void loraLinearAndConv() {
        const auto up = randn({6, 4}), down = randn({4, 8});
        const auto m =
            single("lora_unet_x",
                   {{"lora_up.weight", up}, {"lora_down.weight", down}, {"alpha", scalar(2.0)}});
        QCOMPARE(m.rank(), int64_t(4));
        QCOMPARE(adapter_scale(m), 0.5);
        const auto w = randn({6, 8});
        REVERIE_COMPARE_TENSORS(merged_weight(w, m, 0.7), w + 0.7 * (0.5 * up.mm(down)), 1e-6);
        // A 3x3 LoCon: down [r, in, 3, 3], up [out, r, 1, 1].
        const auto cup = randn({5, 2, 1, 1}), cdown = randn({2, 4, 3, 3});
        const auto c =
            single("lora_unet_c", {{"lora_up.weight", cup}, {"lora_down.weight", cdown}});
        const auto cw = randn({5, 4, 3, 3});
        REVERIE_COMPARE_TENSORS(merged_weight(cw, c, 1.0),
                                cw + cup.flatten(1).mm(cdown.flatten(1)).reshape({5, 4, 3, 3}),
                                1e-6);
    }

    // lora_mid (LoCon's Tucker decomposition): ComfyUI's reshaping route, A1111's einsum.
    void loraMidMatchesComfyUi() {
        const int64_t out = 5, in = 4, r = 3;
        const auto up = randn({out, r, 1, 1}), down = randn({r, in, 1, 1}),
                   mid = randn({r, r, 3, 3});
        const auto m = single("lora_unet_c", {{"lora_up.weight", up},
                                              {"lora_down.weight", down},
                                              {"lora_mid.weight", mid},
                                              {"alpha", scalar(1.5)}});
        // comfy/weight_adapter/lora.py: mat2 = mm(down.T.flatten(1), mid.T.flatten(1))
        //   .reshape([in, r, 3, 3]).T(0, 1); diff = mm(up.flatten(1), mat2.flatten(1)).
        auto mat2 = down.transpose(0, 1).flatten(1).mm(mid.transpose(0, 1).flatten(1));
        mat2 = mat2.reshape({in, r, 3, 3}).transpose(0, 1);
        const auto comfy = up.flatten(1).mm(mat2.flatten(1)).reshape({out, in, 3, 3});
        const auto w = randn({out, in, 3, 3});
        REVERIE_COMPARE_TENSORS(merged_weight(w, m, 0.8), w + 0.8 * (0.5 * comfy), 1e-5);
    }

    // DoRA: A1111 network.py apply_weight_decompose (norm per input column, dora_scale [1, in]).
    void doraScaleMatchesA1111() {
        const auto up = randn({6, 2}), down = randn({2, 8}), dora = randn({1, 8}).abs() + 0.5;
        const auto m = single("lora_unet_x", {{"lora_up.weight", up},
                                              {"lora_down.weight", down},
                                              {"alpha", scalar(1.0)},
                                              {"dora_scale", dora}});
        const auto w = randn({6, 8});
        const double s = 0.6;
        const auto merged1 = w + up.mm(down) * 0.5;
        const auto norm =
            merged1.transpose(0, 1).reshape({8, -1}).pow(2).sum(1, true).sqrt().transpose(0, 1);
        const auto final_updown = merged1 * (dora / norm) - w;
        REVERIE_COMPARE_TENSORS(merged_weight(w, m, s), w + final_updown * s, 1e-5);
    }

    // LoHa with hada_t1/t2 (Tucker cores): A1111 network_hada.py.
    void lohaTuckerMatchesA1111() {
        const int64_t out = 5, in = 4, r = 2;
        const auto w1a = randn({r, out}), w1b = randn({r, in}), t1 = randn({r, r, 3, 3});
        const auto w2a = randn({r, out}), w2b = randn({r, in}), t2 = randn({r, r, 3, 3});
        const auto m = single("lora_unet_c", {{"hada_w1_a", w1a},
                                              {"hada_w1_b", w1b},
                                              {"hada_t1", t1},
                                              {"hada_w2_a", w2a},
                                              {"hada_w2_b", w2b},
                                              {"hada_t2", t2},
                                              {"alpha", scalar(1.0)}});
        const auto updown = a1111_make_weight_cp(t1, w1a, w1b) * a1111_make_weight_cp(t2, w2a, w2b);
        const auto w = randn({out, in, 3, 3});
        REVERIE_COMPARE_TENSORS(merged_weight(w, m, 1.0), w + 0.5 * updown, 1e-5);
    }

    void lohaPlain() {
        const auto w1a = randn({6, 4}), w1b = randn({4, 8}), w2a = randn({6, 4}),
                   w2b = randn({4, 8});
        const auto m = single("lora_te_x", {{"hada_w1_a", w1a},
                                            {"hada_w1_b", w1b},
                                            {"hada_w2_a", w2a},
                                            {"hada_w2_b", w2b},
                                            {"alpha", scalar(2.0)}});
        const auto w = randn({6, 8});
        REVERIE_COMPARE_TENSORS(merged_weight(w, m, 0.6),
                                w + 0.6 * (0.5 * (w1a.mm(w1b) * w2a.mm(w2b))), 1e-5);
    }

    // LoKr: lokr_t2 (A1111 make_weight_cp + make_kron), and the rank rules.
    void lokrTuckerAndRankRules() {
        const auto w1 = randn({2, 2});
        const auto w2a = randn({2, 3}), w2b = randn({2, 2}), t2 = randn({2, 2, 3, 3});
        const auto m = single("lycoris_c", {{"lokr_w1", w1},
                                            {"lokr_w2_a", w2a},
                                            {"lokr_w2_b", w2b},
                                            {"lokr_t2", t2},
                                            {"alpha", scalar(1.0)}});
        QCOMPARE(m.rank(), int64_t(2));
        const auto w2 = a1111_make_weight_cp(t2, w2a, w2b);  // [3, 2, 3, 3]
        const auto kron = torch::kron(w1.unsqueeze(2).unsqueeze(2).contiguous(),
                                      w2.contiguous());  // [6, 4, 3, 3]
        const auto w = randn({6, 4, 3, 3});
        REVERIE_COMPARE_TENSORS(merged_weight(w, m, 1.0), w + 0.5 * kron, 1e-5);

        // Both full: alpha ignored (scale 1). w1 decomposed only: w1_b's rank.
        const auto full = single(
            "x", {{"lokr_w1", randn({2, 2})}, {"lokr_w2", randn({3, 4})}, {"alpha", scalar(3.0)}});
        QCOMPARE(adapter_scale(full), 1.0);
        const auto w1only = single("x", {{"lokr_w1_a", randn({2, 5})},
                                         {"lokr_w1_b", randn({5, 2})},
                                         {"lokr_w2", randn({3, 4})},
                                         {"alpha", scalar(2.5)}});
        QCOMPARE(adapter_scale(w1only), 0.5);
        const auto both = single("x", {{"lokr_w1_a", randn({2, 5})},
                                       {"lokr_w1_b", randn({5, 2})},
                                       {"lokr_w2_a", randn({3, 4})},
                                       {"lokr_w2_b", randn({4, 4})},
                                       {"alpha", scalar(2.0)}});
        QCOMPARE(adapter_scale(both), 0.5);  // w2_b's rank 4 wins over w1_b's 5
    }

    void peftNamesAndNoAlpha() {
        const auto file = adapter_from_tensors(
            "t", {{"unet.mid_block.to_q.lora_A.weight", randn({2, 8})},
                  {"unet.mid_block.to_q.lora_B.weight", randn({6, 2})},
                  {"unet.a.attn1.processor.to_out_lora.down.weight", randn({2, 8})},
                  {"unet.a.attn1.processor.to_out_lora.up.weight", randn({6, 2})}});
        QCOMPARE(int(file.modules.size()), 2);
        QCOMPARE(file.modules[0].name, std::string("unet.mid_block.to_q"));
        QCOMPARE(adapter_scale(file.modules[0]), 1.0);
        QCOMPARE(file.modules[1].name, std::string("unet.a.attn1.to_out.0"));
    }

    // Every naming scheme reaches the same weight; lycoris_ is the UNet.
    void namingSchemes() {
        TargetIndex index;
        index.add_component(kUNet, {"down_blocks.0.attentions.0.proj_in.weight",
                                    "down_blocks.0.attentions.0.proj_in.bias"});
        index.add_component(kTextEncoder, {"text_model.encoder.layers.0.mlp.fc1.weight"});
        index.add_alias(kUNet, "input_blocks.1.1.proj_in",
                        "down_blocks.0.attentions.0.proj_in.weight");
        for (const char* name :
             {"lora_unet_down_blocks_0_attentions_0_proj_in",
              "lycoris_down_blocks_0_attentions_0_proj_in",
              "unet.down_blocks.0.attentions.0.proj_in", "lora_unet_input_blocks_1_1_proj_in"}) {
            const auto t = index.find(name);
            QVERIFY2(t.has_value(), name);
            QCOMPARE(t->component, std::string(kUNet));
            QCOMPARE(t->weight, std::string("down_blocks.0.attentions.0.proj_in.weight"));
        }
        QVERIFY(index.find("lora_te_text_model_encoder_layers_0_mlp_fc1").has_value());
        QVERIFY(index.find("lora_te1_text_model_encoder_layers_0_mlp_fc1").has_value());
        QVERIFY(index.find("text_encoder.text_model.encoder.layers.0.mlp.fc1").has_value());
        QVERIFY(!index.find("lora_te2_text_model_encoder_layers_0_mlp_fc1").has_value());
        QVERIFY(!index.find("unet.input_blocks.1.1.proj_in").has_value());  // aliases: kohya only
        QCOMPARE(component_of("text_encoder_2.text_model.x"), std::string(kTextEncoder2));
        QCOMPARE(component_of("lora_te2_x"), std::string(kTextEncoder2));
    }

    // The UNet's single-file table read backwards: the LDM/SGM module names kohya's SDXL trainer
    // uses (the adapters README's examples, here on SD 1.5's layout).
    void ldmNamesOfUNetWeights() {
        const auto rules = io::unet_ldm_rules(UNetConfig::sd15());
        QCOMPARE(io::ldm_name("down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.weight",
                              rules),
                 std::string("input_blocks.4.1.transformer_blocks.0.attn1.to_q.weight"));
        QCOMPARE(io::ldm_name("down_blocks.0.resnets.0.conv1.weight", rules),
                 std::string("input_blocks.1.0.in_layers.2.weight"));
        QCOMPARE(io::ldm_name("mid_block.attentions.0.proj_in.weight", rules),
                 std::string("middle_block.1.proj_in.weight"));
        QCOMPARE(io::ldm_name("mid_block.resnets.1.conv2.weight", rules),
                 std::string("middle_block.2.out_layers.3.weight"));
        QCOMPARE(io::ldm_name("up_blocks.1.resnets.2.conv_shortcut.weight", rules),
                 std::string("output_blocks.5.0.skip_connection.weight"));
        QCOMPARE(io::ldm_name("no_such.weight", rules), std::string());
    }

    void familyAndUnmatchedErrors() {
        c10::InferenceMode guard;
        auto unet = std::make_shared<Toy>();
        NamedModules modules{{kUNet, unet.get()}};
        const auto index = index_targets(modules);
        WeightPatcher patcher;
        const auto sdxl = adapter_from_tensors(
            "'xl.safetensors'", {{"lora_te1_text_model_fc1.lora_down.weight", randn({2, 6})},
                                 {"lora_te1_text_model_fc1.lora_up.weight", randn({4, 2})}});
        QCOMPARE(adapter_family(sdxl), std::string("SDXL"));
        try {
            apply_adapter(sdxl, modules, index, "SD 1.x", {}, patcher,
                          WeightPatcher::Mode::Replace);
            QFAIL("an SDXL LoRA was applied to an SD 1.x model");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("SDXL") && QString(e.what()).contains("SD 1.x"),
                     e.what());
        }
        const auto other = adapter_from_tensors(
            "'other'", {{"lora_unet_nothing_here.lora_down.weight", randn({2, 6})},
                        {"lora_unet_nothing_here.lora_up.weight", randn({4, 2})}});
        try {
            apply_adapter(other, modules, index, "SD 1.x", {}, patcher,
                          WeightPatcher::Mode::Replace);
            QFAIL("a LoRA matching nothing was applied");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("lora_unet_nothing_here"), e.what());
        }
        // A delta of the wrong size names the module and both shapes.
        const auto wrong = adapter_from_tensors(
            "'wrong'", {{"lora_unet_mid_block_to_q.lora_down.weight", randn({2, 7})},
                        {"lora_unet_mid_block_to_q.lora_up.weight", randn({6, 2})}});
        QVERIFY_EXCEPTION_THROWN(apply_adapter(wrong, modules, index, "SD 1.x", {}, patcher,
                                               WeightPatcher::Mode::Replace),
                                 Error);
        QCOMPARE(patcher.patched(), size_t(0));
    }

    // Hostile files: every one is a reverie::Error with a message, never a crash.
    void hostileFiles_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("rank mismatch") << 0 << QString("ranks differ");
        QTest::newRow("nan alpha") << 1 << QString("non-finite alpha");
        QTest::newRow("rank 0") << 2 << QString("shape");
        QTest::newRow("missing up") << 3 << QString("lacks");
        QTest::newRow("mixed kinds") << 4 << QString("mixes");
        QTest::newRow("5-D") << 5 << QString("shape");
        QTest::newRow("no adapter tensors") << 6 << QString("no LoRA");
        QTest::newRow("integer tensor") << 7 << QString("non-floating");
        QTest::newRow("vector alpha") << 8 << QString("alpha of shape");
        QTest::newRow("bad tucker") << 9 << QString("lora_mid");
    }
    void hostileFiles() {
        QFETCH(int, which);
        QFETCH(QString, message);
        const std::vector<NamedTensorList> cases = {
            {{"m.lora_down.weight", randn({3, 8})}, {"m.lora_up.weight", randn({6, 2})}},
            {{"m.lora_down.weight", randn({2, 8})},
             {"m.lora_up.weight", randn({6, 2})},
             {"m.alpha", scalar(std::nan(""))}},
            {{"m.lora_down.weight", randn({0, 8})}, {"m.lora_up.weight", randn({6, 0})}},
            {{"m.lora_down.weight", randn({2, 8})}},
            {{"m.lora_down.weight", randn({2, 8})},
             {"m.lora_up.weight", randn({6, 2})},
             {"m.hada_w1_a", randn({6, 2})}},
            {{"m.lora_down.weight", randn({2, 8, 1, 1, 1})}, {"m.lora_up.weight", randn({6, 2})}},
            {{"model.weight", randn({2, 2})}},
            {{"m.lora_down.weight", torch::ones({2, 8}, torch::kLong)},
             {"m.lora_up.weight", randn({6, 2})}},
            {{"m.lora_down.weight", randn({2, 8})},
             {"m.lora_up.weight", randn({6, 2})},
             {"m.alpha", randn({3})}},
            {{"m.lora_down.weight", randn({2, 8, 1, 1})},
             {"m.lora_up.weight", randn({6, 2, 1, 1})},
             {"m.lora_mid.weight", randn({5, 2, 3, 3})}},
        };
        try {
            adapter_from_tensors("'hostile'", cases.at(size_t(which)));
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    void truncatedFileIsAnError() {
        const std::string path = test::scratch_dir() + "/truncated.safetensors";
        io::save_safetensors(
            path, {{"m.lora_down.weight", randn({2, 8})}, {"m.lora_up.weight", randn({6, 2})}});
        std::filesystem::resize_file(path, std::filesystem::file_size(path) - 10);
        QVERIFY_EXCEPTION_THROWN(read_adapter_file(path), Error);
        QVERIFY_EXCEPTION_THROWN(read_embedding(path), Error);
    }

    void loraArguments() {
        auto r = parse_lora_argument("style.safetensors");
        QCOMPARE(r.path, std::string("style.safetensors"));
        QCOMPARE(r.unet, 1.0);
        r = parse_lora_argument("/x/style.safetensors:0.7");
        QCOMPARE(r.path, std::string("/x/style.safetensors"));
        QCOMPARE(r.text_encoder, 0.7);
        QCOMPARE(r.unet, 0.7);
        r = parse_lora_argument("C:/loras/a:b.safetensors:0.5:1.25");
        QCOMPARE(r.path, std::string("C:/loras/a:b.safetensors"));
        QCOMPARE(r.text_encoder, 0.5);
        QCOMPARE(r.unet, 1.25);
        QVERIFY_EXCEPTION_THROWN(parse_lora_argument(":0.5"), Error);
    }

    // A1111's <lora:NAME:TE:UNET>, te=/unet= and <lyco:…>: taken out of the text.
    void promptTags() {
        const auto p = extract_prompt_loras(
            "a castle <lora:style:0.8>, <lora:detail:0.5:1.25> <lyco:x:te=0.3:unet=0.9><lora:y> "
            "<other:z> (a:1.2)");
        QCOMPARE(p.text, std::string("a castle ,   <other:z> (a:1.2)"));
        QCOMPARE(int(p.loras.size()), 4);
        QCOMPARE(p.loras[0].name, std::string("style"));
        QCOMPARE(p.loras[0].unet, 0.8);
        QCOMPARE(p.loras[1].text_encoder, 0.5);
        QCOMPARE(p.loras[1].unet, 1.25);
        QCOMPARE(p.loras[2].text_encoder, 0.3);
        QCOMPARE(p.loras[2].unet, 0.9);
        QCOMPARE(p.loras[3].text_encoder, 1.0);
        QVERIFY_EXCEPTION_THROWN(extract_prompt_loras("<lora:a:lots>"), Error);
        QVERIFY_EXCEPTION_THROWN(extract_prompt_loras("<lora:>"), Error);
        QCOMPARE(extract_prompt_loras("unclosed <lora:a:1").text,
                 std::string("unclosed <lora:a:1"));
    }

    void triggerWordsFromMetadata() {
        const auto words =
            trigger_words(R"({"10_ds": {"red fox": 3, "snow": 9}, "b": {"red fox": 7}})");
        QCOMPARE(int(words.size()), 2);
        QCOMPARE(words[0], std::string("red fox"));
        QVERIFY(trigger_words("{not json").empty());
    }

    // Embedding names become their vectors' extra ids, whole words only, longest name first.
    void embeddingTokenizer() {
        WordTokenizer base;
        EmbeddingTokenizer tok(base, 5000);
        QVERIFY(tok.add("my-style", 2));
        QVERIFY(tok.add("style", 1));
        const auto plain = base.encode("a painting");
        auto ids = tok.encode("a My-Style painting, style");
        const std::vector<int> expected = {plain[0], 5000, 5001, base.encode("painting,")[0], 5002};
        QCOMPARE(ids, expected);
        QCOMPARE(int(tok.used().size()), 2);
    }

    void embeddingFormats() {
        const auto kohya = embedding_from_tensors("n", "p", {{"emb_params", randn({2, 16})}});
        QCOMPARE(kohya.count(), int64_t(2));
        QVERIFY(kohya.vectors.count(kTextEncoder));
        const auto one = embedding_from_tensors("n", "p", {{"<tok>", randn({16})}});
        QCOMPARE(one.count(), int64_t(1));
        const auto xl = embedding_from_tensors(
            "n", "p", {{"clip_l", randn({2, 16})}, {"clip_g", randn({2, 32})}});
        QCOMPARE(xl.vectors.at(kTextEncoder2).size(1), int64_t(32));
        QVERIFY_EXCEPTION_THROWN(
            embedding_from_tensors("n", "p", {{"a", randn({2, 16})}, {"b", randn({2, 16})}}),
            Error);
        QVERIFY_EXCEPTION_THROWN(
            embedding_from_tensors("n", "p", {{"emb_params", randn({80, 16})}}), Error);
        auto nan = randn({2, 16});
        nan[0][0] = std::nan("");
        QVERIFY_EXCEPTION_THROWN(embedding_from_tensors("n", "p", {{"emb_params", nan}}), Error);
    }

    // A1111's .pt embedding (torch.save's zip + pickle, as tests/fuzz/corpus/torch_pickle holds
    // it) through the restricted reader.
    void ptEmbeddingThroughRestrictedPickle() {
        const std::string seed =
            std::string(REVERIE_SOURCE_DIR) + "/tests/fuzz/corpus/torch_pickle/embedding.pt";
        const std::string path = test::scratch_dir() + "/my-emb.pt";
        std::filesystem::copy_file(seed, path, std::filesystem::copy_options::overwrite_existing);
        const auto ti = read_embedding(path);
        QCOMPARE(ti.name, std::string("my-emb"));
        QCOMPARE(ti.count(), int64_t(2));
        const auto expected = torch::arange(1, 7, torch::kFloat32).reshape({2, 3});
        QVERIFY(torch::equal(ti.vectors.at(kTextEncoder), expected));
        // A truncated archive is an error, not a crash.
        std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
        QVERIFY_EXCEPTION_THROWN(read_embedding(path), Error);
    }

    // Anything but data is refused, naming what the file asked for.
    void restrictedPickleRefusals_data() {
        QTest::addColumn<QByteArray>("pickle");
        QTest::addColumn<QString>("message");
        QTest::newRow("os.system") << QByteArray(
                                          "\x80\x02"
                                          "cos\nsystem\nX\x02\x00\x00\x00lsR.",
                                          22)
                                   << QString("'os.system'");
        QTest::newRow("builtins.eval via STACK_GLOBAL") << QByteArray(
                                                               "\x80\x04\x8c\x08"
                                                               "builtins"
                                                               "\x8c\x04"
                                                               "eval"
                                                               "\x93.",
                                                               20)
                                                        << QString("'builtins.eval'");
        QTest::newRow("truncated") << QByteArray(
                                          "\x80\x02}X\xff\x00\x00\x00"
                                          "ab",
                                          10)
                                   << QString("truncated");
        QTest::newRow("empty stack") << QByteArray("\x80\x02s.", 4) << QString("empty stack");
        QTest::newRow("inst opcode") << QByteArray("\x80\x02i", 3) << QString("opcode 0x69");
        QTest::newRow("OrderedDict with args")
            << QByteArray("ccollections\nOrderedDict\n(K\x01tR.", 31) << QString("arguments");
    }
    void restrictedPickleRefusals() {
        QFETCH(QByteArray, pickle);
        QFETCH(QString, message);
        try {
            io::read_restricted_pickle("'x.pt'", reinterpret_cast<const uint8_t*>(pickle.data()),
                                       size_t(pickle.size()));
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestAdapters)
#include "tst_adapters.moc"
