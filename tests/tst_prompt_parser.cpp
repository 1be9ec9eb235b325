// labels: unit golden
// Prompts written for AUTOMATIC1111 must weigh and chunk the same here: the expected values follow
// its parse_prompt_attention (doctests included) and tokenize_line.
#include "core/common/error.h"
#include "core/text/clip_bpe_tokenizer.h"
#include "core/text/prompt_chunks.h"
#include "core/text/prompt_parser.h"
#include "tests/support/test_support.h"

using reverie::text::PromptChunk;
using reverie::text::PromptFragment;

namespace {

using Expected = std::vector<std::pair<std::string, double>>;

QString show(const std::vector<PromptFragment>& fragments) {
    QStringList parts;
    for (const auto& f : fragments)
        parts
            << QString("('%1', %2)").arg(QString::fromStdString(f.text)).arg(f.weight, 0, 'g', 17);
    return parts.join(", ");
}

// A whitespace tokenizer over a made-up vocabulary, max_length 8 (6 prompt tokens per chunk), so
// chunking can be checked without the CLIP vocabulary.
class ToyTokenizer : public reverie::text::Tokenizer {
  public:
    std::vector<int> encode(const std::string& text) const override {
        std::vector<int> ids;
        for (const auto& t : tokens(text)) ids.push_back(t == "," ? 3 : 10 + int(t.size()));
        return ids;
    }
    std::vector<std::string> tokens(const std::string& text) const override {
        std::vector<std::string> out;
        std::string current;
        for (char c : text + " ") {
            if (c == ' ' || c == ',') {
                if (!current.empty()) out.push_back(current);
                if (c == ',') out.push_back(",");
                current.clear();
            } else {
                current += c;
            }
        }
        return out;
    }
    std::string decode(const std::vector<int>&) const override { return {}; }
    int bos_id() const override { return 1; }
    int eos_id() const override { return 2; }
    int pad_id() const override { return 0; }
    int max_length() const override { return 8; }
};

}  // namespace

class TestPromptParser : public QObject {
    Q_OBJECT

    std::unique_ptr<reverie::text::ClipBpeTokenizer> clip_;

    const reverie::text::ClipBpeTokenizer* clip() {
        const std::string vocab = reverie::test::shared_path("assets/clip/vocab.json");
        const std::string merges = reverie::test::shared_path("assets/clip/merges.txt");
        if (!clip_ && !vocab.empty() && !merges.empty())
            clip_ = reverie::text::ClipBpeTokenizer::from_files(vocab, merges, 49407);
        return clip_.get();
    }

  private Q_SLOTS:
    void attention_data() {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("expected");  // text|weight;text|weight...
        auto row = [](const char* tag, const char* prompt, const Expected& expected) {
            QStringList parts;
            for (const auto& [text, weight] : expected)
                parts << QString("%1|%2").arg(QString::fromStdString(text)).arg(weight, 0, 'g', 17);
            QTest::newRow(tag) << QString::fromUtf8(prompt) << parts.join(";");
        };
        row("plain", "normal text", {{"normal text", 1.0}});
        row("explicit weight", "a (b:1.5) c", {{"a ", 1.0}, {"b", 1.5}, {" c", 1.0}});
        row("round", "an (important) word", {{"an ", 1.0}, {"important", 1.1}, {" word", 1.0}});
        row("double round", "((a))", {{"a", 1.1 * 1.1}});
        row("square", "[a]", {{"a", 1.0 / 1.1}});
        row("double square", "[[a]]", {{"a", (1.0 / 1.1) * (1.0 / 1.1)}});
        row("escapes", "\\(a\\)", {{"(a)", 1.0}});
        row("escape mix", "\\(literal\\]", {{"(literal]", 1.0}});
        row("escaped backslash", "a\\\\b", {{"a\\b", 1.0}});
        row("lone backslash vanishes", "a \\ b", {{"a  b", 1.0}});
        row("unbalanced open", "(unbalanced", {{"unbalanced", 1.1}});
        row("unbalanced weight", "(a:1.2", {{"a:1.2", 1.1}});
        row("unbalanced square", "x [y", {{"x ", 1.0}, {"y", 1.0 / 1.1}});
        row("stray closers", "a) b]", {{"a) b]", 1.0}});
        row("weight without bracket", "x:1.2) y", {{"x:1.2) y", 1.0}});
        row("colon text", "time: 12:30", {{"time: 12:30", 1.0}});
        row("merged neighbours", "(unnecessary)(parens)", {{"unnecessaryparens", 1.1}});
        row("spaces in weight", "( a : 1.3 )", {{" a ", 1.3}});
        row("signed weight", "(a:+.5) (b:-1)", {{"a", 0.5}, {" ", 1.0}, {"b", -1.0}});
        row("nested weight", "((a:2))", {{"a", 2.0 * 1.1}});
        row("a1111 doctest", "a (((house:1.3)) [on] a (hill:0.5), sun, (((sky))).",
            {{"a ", 1.0},
             {"house", 1.3 * 1.1 * 1.1},
             {" ", 1.1},
             {"on", 1.0},
             {" a ", 1.1},
             {"hill", 0.55},
             {", sun, ", 1.1},
             {"sky", 1.1 * 1.1 * 1.1 * 1.1},
             {".", 1.1}});
        row("break", "a BREAK b", {{"a", 1.0}, {"BREAK", -1.0}, {"b", 1.0}});
        row("break first", "BREAK a", {{"", 1.0}, {"BREAK", -1.0}, {"a", 1.0}});
        row("break needs a word of its own", "aBREAK b BREAKs break",
            {{"aBREAK b BREAKs break", 1.0}});
        // A1111 multiplies the marker too, so a BREAK inside brackets is no longer a BREAK.
        row("break inside brackets", "(a BREAK b)", {{"a", 1.1}, {"BREAK", -1.1}, {"b", 1.1}});
        row("empty", "", {{"", 1.0}});
        row("unicode", "(café:1.2) 日本", {{"café", 1.2}, {" 日本", 1.0}});
    }
    void attention() {
        QFETCH(QString, prompt);
        QFETCH(QString, expected);
        const auto got = reverie::text::parse_prompt_attention(prompt.toStdString());
        const QStringList want = expected.split(';');
        QVERIFY2(int(got.size()) == want.size(), qPrintable(show(got)));
        double worst = 0;
        for (int i = 0; i < want.size(); ++i) {
            const QString text = want[i].section('|', 0, 0);
            const double weight = want[i].section('|', 1).toDouble();
            QCOMPARE(QString::fromStdString(got[size_t(i)].text), text);
            worst = std::max(worst, std::abs(got[size_t(i)].weight - weight));
        }
        qInfo("%-32s max weight error %.3g", QTest::currentDataTag(), worst);
        QVERIFY2(worst < 1e-12, qPrintable(show(got)));
    }

    void breakMarkersAreFlagged() {
        const auto got = reverie::text::parse_prompt_attention("cat BREAK dog");
        QCOMPARE(got.size(), size_t(3));
        QVERIFY(!got[0].is_break());
        QVERIFY(got[1].is_break());
        QVERIFY(!got[2].is_break());
        const auto bracketed = reverie::text::parse_prompt_attention("(cat BREAK dog)");
        QVERIFY(!bracketed[1].is_break());
    }

    void malformedWeightIsAnError() {
        QVERIFY_THROWS_EXCEPTION(reverie::Error,
                                 reverie::text::parse_prompt_attention("(a:1.2.3)"));
    }

    void toyChunksBacktrackToComma() {
        ToyTokenizer toy;
        // Six prompt tokens per chunk. "a bb , ccc dddd eeeee" fills the chunk at "ffffff": the
        // words after the comma move on.
        const auto chunks = reverie::text::chunk_prompt(toy, "a bb, ccc dddd eeeee ffffff g");
        QCOMPARE(chunks.size(), size_t(2));
        QCOMPARE(chunks[0].ids, (std::vector<int>{1, 11, 12, 3, 2, 0, 0, 0}));
        QCOMPARE(chunks[1].ids, (std::vector<int>{1, 13, 14, 15, 16, 11, 2, 0}));
        const auto no_comma = reverie::text::chunk_prompt(toy, "a b c d e f g");
        QCOMPARE(no_comma.size(), size_t(2));
        QCOMPARE(no_comma[0].ids, (std::vector<int>{1, 11, 11, 11, 11, 11, 11, 2}));
        QCOMPARE(no_comma[1].ids, (std::vector<int>{1, 11, 2, 0, 0, 0, 0, 0}));
    }

    void clipChunkWeightsLandOnTokens() {
        REVERIE_REQUIRE_SHARED(vocab, "assets/clip/vocab.json");
        const auto& tok = *clip();
        const auto chunks = reverie::text::chunk_prompt(tok, "a (red:1.5) [big] cat");
        QCOMPARE(chunks.size(), size_t(1));
        const auto& c = chunks[0];
        QCOMPARE(c.ids.size(), size_t(77));
        QCOMPARE(c.weights.size(), size_t(77));
        const std::vector<int> head = {49406,
                                       tok.encode("a")[0],
                                       tok.encode("red")[0],
                                       tok.encode("big")[0],
                                       tok.encode("cat")[0],
                                       49407};
        QCOMPARE(std::vector<int>(c.ids.begin(), c.ids.begin() + 6), head);
        QCOMPARE(c.ids[76], 49407);
        QCOMPARE(c.weights[0], 1.0f);
        QCOMPARE(c.weights[1], 1.0f);
        QCOMPARE(c.weights[2], 1.5f);
        QCOMPARE(c.weights[3], float(1.0 / 1.1));
        QCOMPARE(c.weights[4], 1.0f);
        for (size_t i = 5; i < 77; ++i) QCOMPARE(c.weights[i], 1.0f);

        const auto literal = reverie::text::chunk_prompt(tok, "a (red:1.5) cat", false);
        const auto literal_ids = tok.encode("a (red:1.5) cat");
        QCOMPARE(std::vector<int>(literal[0].ids.begin() + 1,
                                  literal[0].ids.begin() + 1 + std::ptrdiff_t(literal_ids.size())),
                 literal_ids);
        for (float w : literal[0].weights) QCOMPARE(w, 1.0f);
    }

    void clipEmptyPromptAndBreak() {
        REVERIE_REQUIRE_SHARED(vocab, "assets/clip/vocab.json");
        const auto& tok = *clip();
        const auto empty = reverie::text::chunk_prompt(tok, "");
        QCOMPARE(empty.size(), size_t(1));
        QCOMPARE(empty[0].ids[0], 49406);
        for (size_t i = 1; i < 77; ++i) QCOMPARE(empty[0].ids[i], 49407);

        const auto two = reverie::text::chunk_prompt(tok, "a cat BREAK a dog");
        QCOMPARE(two.size(), size_t(2));
        QCOMPARE(std::vector<int>(two[0].ids.begin(), two[0].ids.begin() + 4),
                 (std::vector<int>{49406, 320, 2368, 49407}));
        QCOMPARE(std::vector<int>(two[1].ids.begin(), two[1].ids.begin() + 4),
                 (std::vector<int>{49406, 320, tok.encode("dog")[0], 49407}));

        // SD2 pads with 0 after the EOS.
        auto sd2 = reverie::text::ClipBpeTokenizer::from_files(
            reverie::test::shared_path("assets/clip/vocab.json"),
            reverie::test::shared_path("assets/clip/merges.txt"), 0);
        const auto padded = reverie::text::chunk_prompt(*sd2, "a cat");
        QCOMPARE(std::vector<int>(padded[0].ids.begin(), padded[0].ids.begin() + 5),
                 (std::vector<int>{49406, 320, 2368, 49407, 0}));
        QCOMPARE(padded[0].ids[76], 0);
    }

    void clipLongPromptsChunkAsA1111() {
        REVERIE_REQUIRE_SHARED(vocab, "assets/clip/vocab.json");
        const auto& tok = *clip();
        const int cat = tok.encode("cat")[0], dog = tok.encode("dog")[0], comma = 267;
        QCOMPARE(tok.encode("cat, dog"), (std::vector<int>{cat, comma, dog}));

        // 100 words, no comma: 75 + 25.
        std::string plain;
        for (int i = 0; i < 100; ++i) plain += "cat ";
        auto chunks = reverie::text::chunk_prompt(tok, plain);
        QCOMPARE(chunks.size(), size_t(2));
        QCOMPARE(chunks[0].ids[75], cat);
        QCOMPARE(chunks[0].ids[76], 49407);
        QCOMPARE(chunks[1].ids[25], cat);
        QCOMPARE(chunks[1].ids[26], 49407);

        // 70 words, a comma, 30 words: the chunk fills 4 words after the comma (<= 20), so those 4
        // move to the next chunk and the first chunk ends at the comma.
        std::string comma_prompt;
        for (int i = 0; i < 70; ++i) comma_prompt += "cat ";
        comma_prompt += ", ";
        for (int i = 0; i < 30; ++i) comma_prompt += "dog ";
        chunks = reverie::text::chunk_prompt(tok, comma_prompt);
        QCOMPARE(chunks.size(), size_t(2));
        QCOMPARE(chunks[0].ids[70], cat);
        QCOMPARE(chunks[0].ids[71], comma);
        QCOMPARE(chunks[0].ids[72], 49407);
        QCOMPARE(chunks[0].ids[76], 49407);
        int dogs = 0;
        for (int id : chunks[1].ids) dogs += id == dog;
        QCOMPARE(dogs, 30);
        QCOMPARE(chunks[1].ids[31], 49407);

        // A comma 25 tokens back is too far: a hard split at 75.
        std::string far;
        for (int i = 0; i < 50; ++i) far += "cat ";
        far += ", ";
        for (int i = 0; i < 50; ++i) far += "dog ";
        chunks = reverie::text::chunk_prompt(tok, far);
        QCOMPARE(chunks.size(), size_t(2));
        QCOMPARE(chunks[0].ids[51], comma);
        QCOMPARE(chunks[0].ids[75], dog);
        QCOMPARE(chunks[1].ids[26], dog);
        QCOMPARE(chunks[1].ids[27], 49407);

        // Exactly 75 tokens stay one chunk; 76 need two.
        std::string exact;
        for (int i = 0; i < 75; ++i) exact += "cat ";
        QCOMPARE(reverie::text::chunk_prompt(tok, exact).size(), size_t(1));
        QCOMPARE(reverie::text::chunk_prompt(tok, exact + "cat").size(), size_t(2));
        qInfo("long prompts: plain 100 words -> 2 chunks, comma backtrack moved 4 tokens");
    }

    void padToLengthTruncatesLikeDiffusers() {
        ToyTokenizer toy;
        QCOMPARE(reverie::text::pad_to_length(toy, {5, 6}),
                 (std::vector<int>{1, 5, 6, 2, 0, 0, 0, 0}));
        QCOMPARE(reverie::text::pad_to_length(toy, {5, 6, 7, 8, 9, 10, 11, 12}),
                 (std::vector<int>{1, 5, 6, 7, 8, 9, 10, 2}));
    }
};

REVERIE_TEST_GUILESS_MAIN(TestPromptParser)
#include "tst_prompt_parser.moc"
