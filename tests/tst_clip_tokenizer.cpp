// labels: unit golden
// The CLIP tokenizer must give the ids transformers' CLIPTokenizer gives, byte for byte: a single
// different id changes the image.
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>

#include "core/common/error.h"
#include "core/text/clip_bpe_tokenizer.h"
#include "core/text/prompt_chunks.h"
#include "tests/support/test_support.h"

using reverie::Error;
using reverie::text::ClipBpeTokenizer;

namespace {

std::vector<int> int_list(const nlohmann::json& j) {
    return j.get<std::vector<int>>();
}

QString describe(const std::vector<int>& ids) {
    QStringList parts;
    for (int id : ids) parts << QString::number(id);
    return parts.join(' ');
}

}  // namespace

class TestClipTokenizer : public QObject {
    Q_OBJECT

    std::unique_ptr<ClipBpeTokenizer> sd1_, sd2_;
    std::string vocab_path_, merges_path_;

    // Loads the real vocabulary once; false (and the test skipped) when the shared assets are
    // absent.
    bool load() {
        const std::string vocab = reverie::test::shared_path("assets/clip/vocab.json");
        const std::string merges = reverie::test::shared_path("assets/clip/merges.txt");
        if (vocab.empty() || merges.empty()) return false;
        if (!sd1_) {
            vocab_path_ = vocab, merges_path_ = merges;
            const auto start = std::chrono::steady_clock::now();
            sd1_ = ClipBpeTokenizer::from_files(vocab, merges, 49407);
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            qInfo("vocabulary (%zu entries) + merges loaded in %.3f s", sd1_->vocab_size(),
                  seconds);
            if (seconds >= 1.0) qWarning("loading took %.3f s (must stay under 1 s)", seconds);
            sd2_ = ClipBpeTokenizer::from_files(vocab, merges, 0);
        }
        return true;
    }

  private Q_SLOTS:
    void loadsFast() {
        REVERIE_REQUIRE_SHARED(vocab, "assets/clip/vocab.json");
        REVERIE_REQUIRE_SHARED(merges, "assets/clip/merges.txt");
        const auto start = std::chrono::steady_clock::now();
        auto tok = ClipBpeTokenizer::from_files(vocab, merges, 49407);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        qInfo("load time %.3f s", seconds);
        QCOMPARE(tok->vocab_size(), size_t(49408));
        QCOMPARE(tok->bos_id(), 49406);
        QCOMPARE(tok->eos_id(), 49407);
        QCOMPARE(tok->max_length(), 77);
        QVERIFY2(seconds < 1.0, "the vocabulary must load in well under a second");
    }

    void goldenCases() {
        REVERIE_REQUIRE_SHARED(golden_path, "golden/tokenizer/clip_tokenizer_golden.json");
        QVERIFY(load());
        std::ifstream in(golden_path);
        const nlohmann::json golden = nlohmann::json::parse(in);
        QCOMPARE(golden.at("bos").get<int>(), sd1_->bos_id());
        QCOMPARE(golden.at("eos").get<int>(), sd1_->eos_id());
        const auto& cases = golden.at("cases");
        int matched = 0, index = 0;
        QStringList failures;
        for (const auto& c : cases) {
            const std::string prompt = c.at("prompt").get<std::string>();
            const auto tokens = c.at("tokens").get<std::vector<std::string>>();
            const auto raw = int_list(c.at("ids_raw_no_special"));
            auto unpadded = int_list(c.at("ids_unpadded"));
            const auto sd1 = int_list(c.at("ids_sd1_padded77"));
            const auto sd2 = int_list(c.at("ids_sd2_padded77"));

            const auto got_tokens = sd1_->tokens(prompt);
            const auto got_raw = sd1_->encode(prompt);
            std::vector<int> got_unpadded = {sd1_->bos_id()};
            got_unpadded.insert(got_unpadded.end(), got_raw.begin(), got_raw.end());
            got_unpadded.push_back(sd1_->eos_id());
            const auto got_sd1 = reverie::text::pad_to_length(*sd1_, got_raw);
            const auto got_sd2 = reverie::text::pad_to_length(*sd2_, sd2_->encode(prompt));

            QStringList bad;
            if (got_tokens != tokens) bad << "tokens";
            if (got_raw != raw) bad << "ids_raw_no_special";
            if (got_unpadded != unpadded) bad << "ids_unpadded";
            if (got_sd1 != sd1) bad << "ids_sd1_padded77";
            if (got_sd2 != sd2) bad << "ids_sd2_padded77";
            if (bad.isEmpty()) {
                ++matched;
            } else {
                failures << QString("case %1 %2: %3\n  expected %4\n  got      %5")
                                .arg(index)
                                .arg(QString::fromStdString(prompt).left(60), bad.join(", "),
                                     describe(raw), describe(got_raw));
            }
            ++index;
        }
        qInfo(
            "CLIP tokenizer golden: %d of %d cases match exactly (tokens, raw ids, unpadded, "
            "SD1 and SD2 padded rows)",
            matched, index);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join('\n')));
        QCOMPARE(index, 40);
    }

    void invalidUtf8IsReplacedNotFatal() {
        REVERIE_REQUIRE_SHARED(vocab, "assets/clip/vocab.json");
        QVERIFY(load());
        const std::string bad = std::string("cat ") + "\xff\xfe" + " \xe2\x82" + " dog \xc3";
        const auto ids = sd1_->encode(bad);
        const auto tokens = sd1_->tokens(bad);
        QVERIFY(!ids.empty());
        QCOMPARE(ids.front(), sd1_->encode("cat").front());
        QCOMPARE(tokens.size(), ids.size());
        // U+FFFD is what Python's errors="replace" would give.
        const auto replacement = sd1_->encode("\xef\xbf\xbd");
        QVERIFY(!replacement.empty());
        QVERIFY(std::search(ids.begin(), ids.end(), replacement.begin(), replacement.end()) !=
                ids.end());
        const auto dog = sd1_->encode("dog");
        QVERIFY(std::search(ids.begin(), ids.end(), dog.begin(), dog.end()) != ids.end());
    }

    void decodeRoundTrips() {
        REVERIE_REQUIRE_SHARED(vocab, "assets/clip/vocab.json");
        QVERIFY(load());
        const std::string text = "a photograph of an astronaut riding a horse café 😀";
        QCOMPARE(sd1_->decode(sd1_->encode(text)), text);
    }

    void veryLongInputIsFast() {
        REVERIE_REQUIRE_SHARED(vocab, "assets/clip/vocab.json");
        QVERIFY(load());
        std::string text;
        const char* words[] = {"masterpiece", "landscape,", "mountains",
                               "(lake:1.2)",  "sunset",     "supercalifragilistic",
                               "8k",          "日本語",     "😀"};
        for (int i = 0; i < 10000; ++i) {
            text += words[i % 9];
            text += std::to_string(i % 7) + " ";
        }
        const auto start = std::chrono::steady_clock::now();
        const auto ids = sd1_->encode(text);
        const auto chunks = reverie::text::chunk_prompt(*sd1_, text);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        qInfo("10000 words -> %zu ids, %zu chunks in %.3f s", ids.size(), chunks.size(), seconds);
        QVERIFY(ids.size() > 20000);
        QVERIFY(chunks.size() > 300);
        QVERIFY2(seconds < 5.0, "tokenizing 10k words must take seconds at most");
    }

    void missingOrBrokenFilesAreNamed() {
        REVERIE_REQUIRE_SHARED(merges, "assets/clip/merges.txt");
        REVERIE_REQUIRE_SHARED(vocab, "assets/clip/vocab.json");
        const std::string missing = reverie::test::scratch_dir() + "/no-such-vocab.json";
        try {
            ClipBpeTokenizer::from_files(missing, merges, 49407);
            QFAIL("no error for a missing vocabulary");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(missing) != std::string::npos, e.what());
        }
        const std::string broken = reverie::test::scratch_dir() + "/broken-vocab.json";
        std::ofstream(broken) << "{\"a\": 1, ";
        try {
            ClipBpeTokenizer::from_files(broken, merges, 49407);
            QFAIL("no error for a broken vocabulary");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(broken) != std::string::npos, e.what());
        }
        const std::string no_merges = reverie::test::scratch_dir() + "/no-merges.txt";
        try {
            ClipBpeTokenizer::from_files(vocab, no_merges, 49407);
            QFAIL("no error for a missing merges file");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(no_merges) != std::string::npos, e.what());
        }
    }
};

REVERIE_TEST_GUILESS_MAIN(TestClipTokenizer)
#include "tst_clip_tokenizer.moc"
