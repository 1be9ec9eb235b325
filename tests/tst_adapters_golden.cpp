// labels: golden
// LoRA, LoHa, LoKr and textual inversion on tiny-sd1 against diffusers' outputs
// (../shared/golden/lora, ../shared/golden/adapters), and the exact undo on a real model.
#include <nlohmann/json.hpp>

#include "core/adapters/adapter_file.h"
#include "core/adapters/weight_delta.h"
#include "core/io/safetensors.h"
#include "core/pipeline/loaded_model.h"
#include "core/pipeline/model_adapters.h"
#include "core/pipeline/prompt_encoding.h"
#include "tests/support/test_support.h"

using namespace reverie;
using torch::Tensor;

namespace {

std::shared_ptr<pipeline::LoadedModel> load_cpu(const std::string& path) {
    pipeline::LoadOptions options;
    options.load_taesd = false;
    return pipeline::LoadedModel::load(path, torch::kCPU, torch::kFloat32, options);
}

std::vector<adapters::LoraRef> one(const std::string& path, double s) {
    return {adapters::LoraRef{path, s, s}};
}

nlohmann::json metadata_json(const io::SafetensorsFile& f) {
    return nlohmann::json::parse(f.metadata().at("json"));
}

}  // namespace

class TestAdaptersGolden : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // Text encoder and UNet outputs with the adapter merged at each scale, and without it after.
    void modules_data() {
        QTest::addColumn<QString>("adapter");
        QTest::addColumn<QString>("text_golden");
        QTest::addColumn<QString>("unet_golden");
        QTest::addColumn<double>("scale");
        for (const QString model : {"tiny-sd1", "tiny-sd1.safetensors"}) {
            for (double s : {1.0, 0.5})
                QTest::newRow(qPrintable(QString("lora %1 %2").arg(s).arg(model)))
                    << QString("golden/lora/tiny-sd1-lora.safetensors")
                    << QString("golden/lora/modules/text_encoder_lora.safetensors")
                    << QString("golden/lora/modules/unet_lora.safetensors") << s;
            for (const char* kind : {"loha", "lokr"})
                for (double s : {1.0, 0.6})
                    QTest::newRow(qPrintable(QString("%1 %2 %3").arg(kind).arg(s).arg(model)))
                        << QString("golden/adapters/loras/tiny-sd1-%1.safetensors").arg(kind)
                        << QString("golden/adapters/modules/text_encoder_%1.safetensors").arg(kind)
                        << QString("golden/adapters/modules/unet_%1.safetensors").arg(kind) << s;
        }
    }
    void modules() {
        QFETCH(QString, adapter);
        QFETCH(QString, text_golden);
        QFETCH(QString, unet_golden);
        QFETCH(double, scale);
        const QString model_name = QString(QTest::currentDataTag()).section(' ', 2);
        REVERIE_REQUIRE_SHARED(model_path, "golden/models/" + model_name.toStdString());
        REVERIE_REQUIRE_SHARED(adapter_path, adapter.toStdString());
        REVERIE_REQUIRE_SHARED(text_path, text_golden.toStdString());
        REVERIE_REQUIRE_SHARED(unet_path, unet_golden.toStdString());
        auto model = load_cpu(model_path);
        c10::InferenceMode guard;
        const std::string tag = "scale" + QString::number(scale, 'f', 1).toStdString() + "/";

        const auto warnings = pipeline::use_loras(*model, one(adapter_path, scale));
        QVERIFY2(warnings.empty(), warnings.empty() ? "" : warnings[0].c_str());
        auto text = io::SafetensorsFile::open(text_path);
        const Tensor ids = text->tensor("input_ids").to(torch::kLong);
        auto& te = model->text_encoder;
        const Tensor last = te->forward(ids, 1);
        REVERIE_COMPARE_TENSORS(last, text->tensor(tag + "last_hidden_state"), 1e-4);
        const auto hidden = te->all_hidden_states(ids);
        REVERIE_COMPARE_TENSORS(hidden[hidden.size() - 2],
                                text->tensor(tag + "penultimate_hidden_state"), 1e-4);
        if (text->contains(tag + "pooler_output"))
            REVERIE_COMPARE_TENSORS(te->pooled(last, ids), text->tensor(tag + "pooler_output"),
                                    1e-4);

        auto unet = io::SafetensorsFile::open(unet_path);
        const Tensor out = model->unet->forward(unet->tensor("sample"), unet->tensor("timestep"),
                                                unet->tensor("encoder_hidden_states"));
        REVERIE_COMPARE_TENSORS(out, unet->tensor(tag + "out"), 2e-4);

        // Taken out again: the base outputs.
        pipeline::use_loras(*model, {});
        REVERIE_COMPARE_TENSORS(te->forward(ids, 1), text->tensor("base/last_hidden_state"), 1e-4);
        REVERIE_COMPARE_TENSORS(
            model->unet->forward(unet->tensor("sample"), unet->tensor("timestep"),
                                 unet->tensor("encoder_hidden_states")),
            unet->tensor("base/out"), 2e-4);
    }

    // scale · updown per module against the goldens' deltas (LoKr's both-full modules ignore their
    // alpha).
    void deltas_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("loha") << QString("loha");
        QTest::newRow("lokr") << QString("lokr");
    }
    void deltas() {
        QFETCH(QString, kind);
        REVERIE_REQUIRE_SHARED(
            golden_path, "golden/adapters/modules/deltas_" + kind.toStdString() + ".safetensors");
        REVERIE_REQUIRE_SHARED(
            file_path, "golden/adapters/loras/tiny-sd1-" + kind.toStdString() + ".safetensors");
        auto golden = io::SafetensorsFile::open(golden_path);
        const auto params = metadata_json(*golden);
        const auto file = adapters::read_adapter_file(file_path);
        int checked = 0;
        for (const auto& m : file.modules) {
            if (!golden->contains(m.name)) continue;
            const auto& p = params.at(m.name);
            QCOMPARE(adapters::adapter_scale(m), p.at("adapter_scale").get<double>());
            const auto shape = p.at("weight_shape").get<std::vector<int64_t>>();
            REVERIE_COMPARE_TENSORS(adapters::scaled_updown(m, shape), golden->tensor(m.name),
                                    1e-6);
            ++checked;
        }
        QCOMPARE(checked, int(golden->keys().size()));
    }

    // Merge -> unmerge leaves every weight bit-identical, and the weights mapped from the
    // checkpoint keep their storage (nothing copied but what an adapter touched).
    void roundTripOnTinySd1() {
        REVERIE_REQUIRE_SHARED(model_path, "golden/models/tiny-sd1.safetensors");
        REVERIE_REQUIRE_SHARED(lora, "golden/lora/tiny-sd1-lora.safetensors");
        REVERIE_REQUIRE_SHARED(loha, "golden/adapters/loras/tiny-sd1-loha.safetensors");
        REVERIE_REQUIRE_SHARED(lokr, "golden/adapters/loras/tiny-sd1-lokr.safetensors");
        auto model = load_cpu(model_path);
        c10::InferenceMode guard;
        // The networks an adapter can patch that this model has (SD 1.x: no text_encoder_2).
        std::vector<std::pair<std::string, torch::nn::Module*>> targets;
        for (const auto& [name, module] : pipeline::adapter_targets(*model))
            if (module) targets.emplace_back(name, module);
        std::map<std::string, std::pair<Tensor, const void*>> before;
        for (const auto& [name, module] : targets)
            for (const auto& p : module->named_parameters())
                before[name + "/" + p.key()] = {p.value().clone(), p.value().data_ptr()};
        pipeline::use_loras(*model, {{lora, 0.7, 0.7}, {loha, 0.5, 1.0}, {lokr, 1.0, 0.3}});
        QVERIFY(model->adapters.patcher.patched() > 200);
        size_t changed = 0;
        for (const auto& [name, module] : targets)
            for (const auto& p : module->named_parameters())
                if (!torch::equal(p.value(), before.at(name + "/" + p.key()).first)) ++changed;
        QCOMPARE(changed, model->adapters.patcher.patched());
        pipeline::use_loras(*model, {});
        for (const auto& [name, module] : targets)
            for (const auto& p : module->named_parameters()) {
                const auto& [tensor, address] = before.at(name + "/" + p.key());
                QVERIFY2(torch::equal(p.value(), tensor), p.key().c_str());
                QVERIFY2(p.value().data_ptr() == address, p.key().c_str());
            }
    }

    // Prompts naming embeddings encode as diffusers' load_textual_inversion does.
    void textualInversionPromptEmbeds_data() {
        QTest::addColumn<QString>("which");
        for (const char* c : {"once", "twice", "negative"}) QTest::newRow(c) << QString(c);
    }
    void textualInversionPromptEmbeds() {
        QFETCH(QString, which);
        REVERIE_REQUIRE_SHARED(model_path, "golden/models/tiny-sd1");
        REVERIE_REQUIRE_SHARED(dir, "golden/adapters/embeddings/sd1");
        REVERIE_REQUIRE_SHARED(golden_path,
                               "golden/adapters/modules/ti_sd1_prompt_embeds.safetensors");
        auto golden = io::SafetensorsFile::open(golden_path);
        const auto params = metadata_json(*golden);
        const std::string c = which.toStdString();
        const std::string prompt = params.at(c + "/prompt").at("text").get<std::string>();
        const std::string negative =
            params.contains(c + "/negative_prompt")
                ? params.at(c + "/negative_prompt").at("text").get<std::string>()
                : "";
        auto model = load_cpu(model_path);
        c10::InferenceMode guard;
        pipeline::PromptEmbeddings embeddings(*model, dir, {prompt, negative});
        QVERIFY(embeddings.warnings().empty());
        pipeline::PromptEncoder encoder{
            embeddings.tokenizer(), model->text_encoder, torch::kCPU, 1, 1,
            /*prompt_syntax=*/false};
        const bool with_negative = golden->contains(c + "/negative_prompt_embeds");
        const auto out = pipeline::encode_prompts(encoder, prompt, negative, with_negative);
        REVERIE_COMPARE_TENSORS(out.positive, golden->tensor(c + "/prompt_embeds"), 1e-4);
        if (with_negative)
            REVERIE_COMPARE_TENSORS(out.negative, golden->tensor(c + "/negative_prompt_embeds"),
                                    1e-4);
        // The same with A1111's prompt syntax (these prompts have no emphasis).
        encoder.prompt_syntax = true;
        REVERIE_COMPARE_TENSORS(encode_prompts(encoder, prompt, negative, false).positive,
                                golden->tensor(c + "/prompt_embeds"), 1e-4);
    }
};

QTEST_GUILESS_MAIN(TestAdaptersGolden)
#include "tst_adapters_golden.moc"
