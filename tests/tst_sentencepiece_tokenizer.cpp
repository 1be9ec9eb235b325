// labels: unit
// The SentencePiece tokenizer on a model trained here from generated captions: round trips, special
// ids from the model, padding, and clear errors for missing or corrupt model files.
#include <cstdlib>
#include <fstream>

#include "core/common/error.h"
#include "core/text/prompt_chunks.h"
#include "core/text/sentencepiece_tokenizer.h"
#include "tests/support/test_support.h"

using reverie::Error;
using reverie::text::SentencePieceTokenizer;

namespace {

std::vector<std::string> captions() {
    const char* sizes[] = {"small", "large", "tiny", "huge"};
    const char* colours[] = {"red", "green", "blue", "yellow", "black", "white"};
    const char* shapes[] = {"circle", "square", "triangle", "star"};
    const char* places[] = {"on the left", "on the right", "at the top", "at the bottom",
                            "in the middle"};
    std::vector<std::string> out;
    int i = 0;
    for (const char* p : places)
        for (const char* s : shapes)
            for (const char* c : colours)
                for (const char* z : sizes)
                    if (i++ % 2 == 0)
                        out.push_back(std::string("a ") + z + " " + c + " " + s + " " + p);
    return out;
}

// Trains a small unigram model in the scratch folder; extra options override the defaults.
std::string train(const std::string& name,
                  const std::unordered_map<std::string, std::string>& extra = {}) {
    const std::string dir = reverie::test::scratch_dir();
    const std::string corpus = dir + "/captions.txt";
    {
        std::ofstream out(corpus);
        for (const auto& c : captions()) out << c << "\n";
    }
    std::unordered_map<std::string, std::string> args = {{"input", corpus},
                                                         {"model_prefix", dir + "/" + name},
                                                         {"vocab_size", "96"},
                                                         {"model_type", "unigram"},
                                                         {"hard_vocab_limit", "false"},
                                                         {"character_coverage", "1.0"},
                                                         {"minloglevel", "2"}};
    for (const auto& [k, v] : extra) args[k] = v;
    // Trained in-process through Reverie's sentencepiece shim, as the built-in model's recipe does.
    std::string flags;
    for (const auto& [k, v] : args) flags += " --" + k + "=" + v;
    try {
        reverie::text::train_sentencepiece(flags);
    } catch (const Error& e) {
        qWarning("training failed: %s", e.what());
        return {};
    }
    return dir + "/" + name + ".model";
}

// Fails the current test (instead of aborting the whole run) when the model cannot be loaded.
std::unique_ptr<SentencePieceTokenizer> load(const std::string& model, int max_length) {
    try {
        return SentencePieceTokenizer::from_file(model, max_length);
    } catch (const Error& e) {
        QTest::qFail(e.what(), __FILE__, __LINE__);
        return nullptr;
    }
}

}  // namespace

class TestSentencePieceTokenizer : public QObject {
    Q_OBJECT

    std::string model_;

  private Q_SLOTS:
    void initTestCase() {
        qInfo("%zu training captions", captions().size());
        model_ = train("captions", {{"pad_id", "3"}});
    }

    void roundTripsCaptions() {
        QVERIFY2(!model_.empty(), "training the test model failed");
        auto tok = load(model_, 32);
        if (!tok) return;
        qInfo("vocabulary %d pieces", tok->vocab_size());
        QVERIFY(tok->vocab_size() > 20 && tok->vocab_size() <= 200);
        int checked = 0;
        for (const auto& c : captions()) {
            const auto ids = tok->encode(c);
            QVERIFY(!ids.empty());
            QCOMPARE(tok->decode(ids), c);
            QCOMPARE(tok->tokens(c).size(), ids.size());
            for (int id : ids) QVERIFY(id != tok->bos_id() && id != tok->eos_id());
            ++checked;
        }
        const std::string unseen = "a large red circle at the top left";
        QCOMPARE(tok->decode(tok->encode(unseen)), unseen);
        qInfo("%d captions round-trip exactly", checked);
    }

    void specialIdsComeFromTheModel() {
        QVERIFY2(!model_.empty(), "training the test model failed");
        auto tok = load(model_, 16);
        if (!tok) return;
        QCOMPARE(tok->bos_id(), 1);
        QCOMPARE(tok->eos_id(), 2);
        QCOMPARE(tok->pad_id(), 3);
        QCOMPARE(tok->max_length(), 16);

        const auto ids = tok->encode("a red star");
        const auto row = reverie::text::pad_to_length(*tok, ids);
        QCOMPARE(row.size(), size_t(16));
        QVERIFY2(ids.size() + 2 <= row.size(), "the test prompt must fit in one row");
        QCOMPARE(row[0], 1);
        QCOMPARE(std::vector<int>(row.begin() + 1, row.begin() + 1 + std::ptrdiff_t(ids.size())),
                 ids);
        QCOMPARE(row[ids.size() + 1], 2);
        for (size_t i = ids.size() + 2; i < row.size(); ++i) QCOMPARE(row[i], 3);

        // Truncation keeps EOS last.
        std::string long_text;
        for (int i = 0; i < 10; ++i) long_text += "a huge yellow triangle in the middle ";
        const auto truncated = reverie::text::pad_to_length(*tok, tok->encode(long_text));
        QCOMPARE(truncated.size(), size_t(16));
        QCOMPARE(truncated.back(), 2);

        const auto chunks = reverie::text::chunk_prompt(*tok, long_text);
        QVERIFY(chunks.size() >= 2);
        for (const auto& c : chunks) QCOMPARE(c.ids.size(), size_t(16));
    }

    void missingPadFallsBackToEosAndMissingBosIsLeftOut() {
        const std::string model = train("no_pad_no_bos", {{"bos_id", "-1"}});
        QVERIFY(!model.empty());
        auto tok = load(model, 8);
        if (!tok) return;
        QCOMPARE(tok->bos_id(), -1);
        QVERIFY(tok->eos_id() >= 0);
        QCOMPARE(tok->pad_id(), tok->eos_id());
        const auto ids = tok->encode("a red star");
        const auto row = reverie::text::pad_to_length(*tok, ids);
        QCOMPARE(row.size(), size_t(8));
        QCOMPARE(std::vector<int>(row.begin(), row.begin() + std::ptrdiff_t(ids.size())), ids);
        QCOMPARE(row[ids.size()], tok->eos_id());
    }

    void invalidUtf8DoesNotCrash() {
        QVERIFY2(!model_.empty(), "training the test model failed");
        auto tok = load(model_, 16);
        if (!tok) return;
        const auto ids = tok->encode(std::string("a red \xff\xfe star \xc3"));
        QVERIFY(!ids.empty());
    }

    void missingOrCorruptModelIsAnError() {
        const std::string missing = reverie::test::scratch_dir() + "/missing.model";
        try {
            SentencePieceTokenizer::from_file(missing, 16);
            QFAIL("no error for a missing model");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(missing) != std::string::npos, e.what());
        }
        const std::string corrupt = reverie::test::scratch_dir() + "/corrupt.model";
        std::ofstream(corrupt) << "this is not a protobuf";
        try {
            SentencePieceTokenizer::from_file(corrupt, 16);
            QFAIL("no error for a corrupt model");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(corrupt) != std::string::npos, e.what());
        }
    }
};

REVERIE_TEST_GUILESS_MAIN(TestSentencePieceTokenizer)
#include "tst_sentencepiece_tokenizer.moc"
