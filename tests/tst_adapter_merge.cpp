// labels: unit
// Merging adapters into a model's weights and taking them out again: the exact undo in both
// patch modes, the block-wise merge's bits, and memory-mapped originals given back and re-read.
#include <map>
#include <string>

#include "core/adapters/apply_adapter.h"
#include "core/adapters/weight_delta.h"
#include "core/io/safetensors.h"
#include "tests/support/adapter_toys.h"
#include "tests/support/test_support.h"

using namespace reverie;
using namespace reverie::adapters;
using namespace reverie::test;
using torch::Tensor;

class TestAdapterMerge : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() { torch::manual_seed(7); }

    // Merge then unmerge leaves every weight bit-identical, in both patch modes, with two files
    // touching the same weight.
    void roundTripIsBitExact_data() {
        QTest::addColumn<bool>("in_place");
        QTest::newRow("replace") << false;
        QTest::newRow("in place") << true;
    }
    void roundTripIsBitExact() {
        QFETCH(bool, in_place);
        c10::InferenceMode guard;
        auto unet = std::make_shared<Toy>();
        auto te = std::make_shared<ToyText>();
        NamedModules modules{{kUNet, unet.get()}, {kTextEncoder, te.get()}};
        std::map<std::string, Tensor> before;
        for (const auto& [n, m] : modules)
            for (const auto& p : m->named_parameters()) before[n + p.key()] = p.value().clone();
        const void* storage = unet->to_q->weight.data_ptr();

        const auto a = adapter_from_tensors(
            "a", {{"lora_unet_mid_block_to_q.lora_down.weight", randn({2, 8})},
                  {"lora_unet_mid_block_to_q.lora_up.weight", randn({6, 2})},
                  {"lora_unet_mid_block_conv1.lora_down.weight", randn({2, 4, 3, 3})},
                  {"lora_unet_mid_block_conv1.lora_up.weight", randn({5, 2, 1, 1})},
                  {"lora_te_fc1.lora_down.weight", randn({2, 6})},
                  {"lora_te_fc1.lora_up.weight", randn({4, 2})}});
        const auto b =
            adapter_from_tensors("b", {{"lycoris_mid_block_to_q.hada_w1_a", randn({6, 2})},
                                       {"lycoris_mid_block_to_q.hada_w1_b", randn({2, 8})},
                                       {"lycoris_mid_block_to_q.hada_w2_a", randn({6, 2})},
                                       {"lycoris_mid_block_to_q.hada_w2_b", randn({2, 8})}});
        const auto index = index_targets(modules);
        WeightPatcher patcher;
        const auto mode = in_place ? WeightPatcher::Mode::InPlace : WeightPatcher::Mode::Replace;
        auto w = before.at(std::string(kUNet) + "mid_block.to_q.weight");
        apply_adapter(a, modules, index, "", {0.5, 0.8}, patcher, mode);
        apply_adapter(b, modules, index, "", {1.0, 0.7}, patcher, mode);
        QCOMPARE(patcher.patched(), size_t(3));
        QVERIFY(!torch::equal(unet->to_q->weight, w));
        // Merged one after the other: (W + s1·d1) + s2·d2, with the UNet's multipliers.
        const auto expected = merged_weight(merged_weight(w, a.modules[0], 0.8), b.modules[0], 0.7);
        REVERIE_COMPARE_TENSORS(unet->to_q->weight, expected, 1e-6);
        // Replace leaves the original storage alone (a mapped checkpoint stays untouched);
        // in place keeps the address (CUDA graphs stay valid).
        QCOMPARE(unet->to_q->weight.data_ptr() == storage, in_place);
        patcher.restore();
        QCOMPARE(patcher.patched(), size_t(0));
        for (const auto& [n, m] : modules)
            for (const auto& p : m->named_parameters())
                QVERIFY2(torch::equal(p.value(), before.at(n + p.key())), p.key().c_str());
        QVERIFY(unet->to_q->weight.data_ptr() == storage);
    }

    // merge_into merges a plain LoRA a block of rows at a time over several threads: the numbers
    // are merged_weight's, cast, bit for bit — for every layout and dtype, and in place.
    void blockMergeIsBitExact_data() {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<int>("dtype");
        for (const char* layout : {"linear", "conv3x3", "conv3x3 channels-last", "conv1x1"})
            for (auto dtype : {torch::kFloat32, torch::kFloat16, torch::kBFloat16})
                QTest::newRow((std::string(layout) + " " + c10::toString(dtype)).c_str())
                    << QString(layout) << int(dtype);
    }
    void blockMergeIsBitExact() {
        QFETCH(QString, layout);
        QFETCH(int, dtype);
        c10::InferenceMode guard;
        torch::manual_seed(21);
        // Sizes that leave ragged blocks: 1100 columns make blocks of 119 rows.
        std::vector<int64_t> shape{301, 1100}, down{4, 1100}, up{301, 4};
        if (layout.startsWith("conv3x3")) shape = {301, 120, 3, 3}, down = {4, 120, 3, 3};
        if (layout.startsWith("conv")) up = {301, 4, 1, 1};
        if (layout == "conv1x1") shape = {301, 1100, 1, 1}, down = {4, 1100, 1, 1};
        Tensor w = randn(shape).to(torch::ScalarType(dtype));
        if (layout.endsWith("channels-last")) w = w.contiguous(at::MemoryFormat::ChannelsLast);
        const auto m = single("lora_unet_x", {{"lora_down.weight", randn(down)},
                                              {"lora_up.weight", randn(up) * 0.01},
                                              {"alpha", scalar(3)}});
        const Tensor expected = merged_weight(w, m, 0.7).to(w.scalar_type());
        Tensor out = torch::empty_like(w);
        merge_into(w, m, 0.7, out);
        QVERIFY(torch::equal(out, expected));
        QCOMPARE(out.strides(), w.strides());
        Tensor same = w.clone();
        merge_into(same, m, 0.7, same);
        QVERIFY(torch::equal(same, expected));
    }

    // With memory-mapped weights (as checkpoints load), merging replaces only what the LoRA
    // touches, gives the originals' pages back to the system, and restore() reads them from the
    // file again: bit for bit the file's. With a copied file (anonymous memory) nothing is given
    // back and the originals stay as they were.
    void mappedRoundTripGivesPagesBack_data() {
        QTest::addColumn<bool>("mapped");
        QTest::newRow("mapped") << true;
        QTest::newRow("copied") << false;
    }
    void mappedRoundTripGivesPagesBack() {
        QFETCH(bool, mapped);
        c10::InferenceMode guard;
        struct Big : torch::nn::Module {
            Big() {
                auto block = register_module("mid_block", std::make_shared<torch::nn::Module>());
                to_q = block->register_module("to_q", Linear(1024, 1024, false));
            }
            Linear to_q{nullptr};
        };
        auto unet = std::make_shared<Big>();
        const std::string path = test::scratch_dir() + "/mapped_lora_model.safetensors";
        io::save_safetensors(path, {{"to_q", unet->to_q->weight.to(torch::kFloat16)}});  // 2 MiB
        const auto file =
            io::SafetensorsFile::open(path, mapped ? io::LoadMode::Map : io::LoadMode::Copy);
        unet->to_q->weight.set_data(file->tensor("to_q"));
        const Tensor original = unet->to_q->weight;
        const void* storage = original.data_ptr();
        const double sum = original.to(torch::kFloat32).sum().item<double>();  // all resident
        QVERIFY(test::mapping_rss_kb(storage) >= 2000);

        const NamedModules modules{{kUNet, unet.get()}};
        const auto lora = adapter_from_tensors(
            "lora", {{"lora_unet_mid_block_to_q.lora_down.weight", randn({8, 1024})},
                     {"lora_unet_mid_block_to_q.lora_up.weight", randn({1024, 8})}});
        const Tensor expected = merged_weight(original, lora.modules[0], 0.6).to(torch::kFloat16);
        WeightPatcher patcher;
        apply_adapter(lora, modules, index_targets(modules), "", {0.6, 0.6}, patcher,
                      WeightPatcher::Mode::Replace);
        QVERIFY(unet->to_q->weight.data_ptr() != storage);
        QVERIFY(torch::equal(unet->to_q->weight, expected));
        const long rss = test::mapping_rss_kb(storage);
        if (mapped)
            QVERIFY2(rss <= 16, qPrintable(QString("%1 KiB still resident").arg(rss)));
        else
            QVERIFY(rss >= 2000);
        patcher.restore();
        QCOMPARE(unet->to_q->weight.data_ptr(), storage);
        const auto fresh = io::SafetensorsFile::open(path, io::LoadMode::Copy)->tensor("to_q");
        QVERIFY(torch::equal(unet->to_q->weight, fresh));
        QCOMPARE(unet->to_q->weight.to(torch::kFloat32).sum().item<double>(), sum);
    }
};

QTEST_MAIN(TestAdapterMerge)
#include "tst_adapter_merge.moc"
