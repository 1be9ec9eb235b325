// labels: golden
// The CLIP text encoder, loaded from both checkpoint layouts, against transformers' hidden states.
#include <nlohmann/json.hpp>
#include <optional>

#include "core/common/error.h"
#include "core/io/checkpoint.h"
#include "core/io/safetensors.h"
#include "core/models/clip_text_model.h"
#include "tests/support/test_support.h"

using namespace reverie;

namespace {

ClipTextModel load_text_model(const std::string& model_path) {
    auto cp = io::Checkpoint::open(model_path);
    const ClipTextConfig config = cp->description().text;
    ClipTextModel m(config);
    auto unused = load_weights(*m, cp->weights(io::Component::TextEncoder), "text encoder");
    if (!unused.empty())
        qInfo("%zu unused text-encoder tensors, e.g. %s", unused.size(), unused[0].c_str());
    m->eval();
    return m;
}

}  // namespace

class TestTextEncoder : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void parity_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("model");
        for (const char* v : {"tiny-sd1", "tiny-sd2v", "tiny-sd1-inpaint"}) {
            QTest::newRow(qPrintable(QString("%1 diffusers").arg(v)))
                << v << QString("golden/models/%1").arg(v);
            QTest::newRow(qPrintable(QString("%1 single-file").arg(v)))
                << v << QString("golden/models/%1.safetensors").arg(v);
        }
    }
    void parity() {
        QFETCH(QString, variant);
        QFETCH(QString, model);
        REVERIE_REQUIRE_SHARED(
            golden_path, "golden/modules/" + variant.toStdString() + "/text_encoder.safetensors");
        REVERIE_REQUIRE_SHARED(model_path, model.toStdString());
        c10::InferenceMode guard;
        auto golden = io::SafetensorsFile::open(golden_path);
        // Both layouts' own configs: the single file's yaml and the diffusers config agree on the
        // activation (tiny-sd1-inpaint's yaml says gelu since 2026-12-03).
        auto m = load_text_model(model_path);
        auto ids = golden->tensor("input_ids").to(torch::kLong);

        auto hidden = m->all_hidden_states(ids);
        QCOMPARE(int(hidden.size()), m->config().num_layers + 1);
        for (size_t i = 0; i < hidden.size(); ++i) {
            const std::string key = "hidden_states_" + std::to_string(i);
            const double err = test::max_abs_diff(hidden[i], golden->tensor(key));
            qInfo("  %s: max abs error %.3g", key.c_str(), err);
            QVERIFY2(err <= 1e-4, key.c_str());
        }
        auto last = m->forward(ids, 1);
        REVERIE_COMPARE_TENSORS(last, golden->tensor("last_hidden_state"), 1e-4);
        REVERIE_COMPARE_TENSORS(m->forward(ids, 2), golden->tensor("penultimate_final_ln"), 1e-4);
        REVERIE_COMPARE_TENSORS(m->pooled(last, ids), golden->tensor("pooler_output"), 1e-4);
    }

    // A tokenizer whose EOS is not its highest id (SentencePiece: EOS 3): the pooled output is read
    // at the first EOS, as transformers does when the config names the id.
    void pooledReadsAtTheConfiguredEos() {
        c10::InferenceMode guard;
        ClipTextConfig c;
        c.vocab_size = 40;
        c.hidden_size = 8;
        c.intermediate_size = 16;
        c.num_layers = 1;
        c.num_heads = 2;
        c.max_positions = 6;
        c.eos_token_id = 3;
        ClipTextModel m(c);
        const auto ids = torch::tensor({2, 17, 30, 3, 0, 0, 2, 3, 0, 0, 0, 0}).view({2, 6});
        const auto hidden = torch::arange(2 * 6 * 8, torch::kFloat).view({2, 6, 8});
        const auto pooled = m->pooled(hidden, ids);
        QVERIFY(torch::equal(pooled[0], hidden[0][3]));
        QVERIFY(torch::equal(pooled[1], hidden[1][1]));
        c.eos_token_id = 2;  // the original CLIP configs: the highest id
        QVERIFY(torch::equal(ClipTextModel(c)->pooled(hidden, ids)[0], hidden[0][2]));
        QCOMPARE(ClipTextConfig::from_diffusers_json({{"eos_token_id", 3}}).eos_token_id, 3);
    }

    void clipSkipBeyondDepthIsAnError() {
        REVERIE_REQUIRE_SHARED(model_path, "golden/models/tiny-sd1");
        c10::InferenceMode guard;
        auto m = load_text_model(model_path);
        auto ids = torch::full({1, 77}, 49407, torch::kLong);
        QVERIFY_THROWS_EXCEPTION(Error, m->forward(ids, 12));
    }

    void misshapedWeightNamesKeyAndShapes() {
        ClipTextConfig c;
        c.hidden_size = 16;
        c.intermediate_size = 64;
        c.num_layers = 1;
        c.num_heads = 2;
        ClipTextModel m(c);
        StateDict weights;
        for (auto& p : m->named_parameters()) weights[p.key()] = torch::zeros_like(p.value());
        weights["text_model.final_layer_norm.weight"] = torch::zeros({17});
        try {
            load_weights(*m, weights, "text encoder");
            QFAIL("no error");
        } catch (const Error& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("text_model.final_layer_norm.weight") != std::string::npos, e.what());
            QVERIFY2(msg.find("[17]") != std::string::npos && msg.find("[16]") != std::string::npos,
                     e.what());
        }
        weights.erase("text_model.final_layer_norm.weight");
        try {
            load_weights(*m, weights, "text encoder");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("missing") != std::string::npos, e.what());
        }
    }
};

REVERIE_TEST_GUILESS_MAIN(TestTextEncoder)
#include "tst_text_encoder.moc"
