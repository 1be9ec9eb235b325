// labels: golden app
// The studio's LoRA/embedding side on the goldens' tiny files: the folders beside a ComfyUI /
// A1111 model tree, the header-only scan (kind, family, rank, trigger words, thumbnails), hostile
// files listed with their problem (never a crash), and a generation whose prompt names a LoRA the
// browser lists: it resolves through the folders the controller passes, and changes the picture.
#include <QApplication>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QListView>
#include <QPlainTextEdit>
#include <QRandomGenerator>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "app/worker/adapter_scan.h"
#include "app/worker/generation_controller.h"
#include "app/worker/studio_session.h"
#include "core/adapters/prompt_loras.h"
#include "core/common/error.h"
#include "core/io/safetensors.h"
#include "tests/support/test_support.h"
#include "tests/support/worker_jobs.h"
#include "ui/adapter_browser.h"
#include "ui/main_window.h"
#include "ui/prompt_panel.h"
#include "ui/prompt_tags.h"
#include "ui/prompt_weights.h"

using namespace reverie;
using ui::FoundAdapter;

namespace {

QString shared(const char* relative) {
    return QString::fromStdString(test::shared_path(relative));
}

void write(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// ComfyUI's layout: models/checkpoints/tiny-sd1 beside models/loras and models/embeddings, with
// the goldens' adapters, a thumbnail, a LoRA with kohya's metadata and hostile files.
struct ModelTree {
    QTemporaryDir dir;
    QString root, checkpoints, model, loras, embeddings;
    ModelTree() {
        QDir d(dir.path());
        for (const char* sub : {"models/checkpoints", "models/loras/lycoris", "models/embeddings"})
            d.mkpath(QLatin1String(sub));
        root = d.filePath(QStringLiteral("models"));
        checkpoints = root + QStringLiteral("/checkpoints");
        loras = root + QStringLiteral("/loras");
        embeddings = root + QStringLiteral("/embeddings");
        model = checkpoints + QStringLiteral("/tiny-sd1");
        QFile::link(shared("golden/models/tiny-sd1"), model);
        QFile::link(shared("golden/lora/tiny-sd1-lora.safetensors"),
                    loras + QStringLiteral("/tiny-sd1-lora.safetensors"));
        for (const char* f : {"tiny-sd1-loha", "tiny-sd1-lokr", "tiny-sdxl-lora-kohya"})
            QFile::link(shared("golden/adapters/loras/") + QLatin1String(f) + ".safetensors",
                        loras + QStringLiteral("/lycoris/") + QLatin1String(f) + ".safetensors");
        for (const char* f : {"sd1/reverie-style", "sd1/reverie-object", "sdxl/reverie-xl"})
            QFile::link(shared("golden/adapters/embeddings/") + QLatin1String(f) + ".safetensors",
                        embeddings + QLatin1Char('/') + QFileInfo(QLatin1String(f)).fileName() +
                            ".safetensors");
        QImage preview(300, 200, QImage::Format_RGB32);
        preview.fill(Qt::magenta);
        preview.save(loras + QStringLiteral("/tiny-sd1-lora.preview.png"));
        tagged();
        hostile();
    }
    // A LoRA as kohya's trainer writes it: base model version and tag frequencies.
    void tagged() const {
        io::save_safetensors(
            (loras + QStringLiteral("/tagged.safetensors")).toStdString(),
            {{"lora_unet_mid_block_attentions_0_transformer_blocks_0_attn2_to_k.lora_down.weight",
              torch::zeros({8, 2048})},
             {"lora_unet_mid_block_attentions_0_transformer_blocks_0_attn2_to_k.lora_up.weight",
              torch::zeros({1280, 8})}},
            {{"ss_base_model_version", "sdxl_base_v1-0"},
             {"ss_tag_frequency", R"({"10_set": {"tagword": 12, "red dress": 30}})"}});
    }
    void hostile() const {
        write(loras + QStringLiteral("/garbage.safetensors"), "\xff\xff\xff\xff\xff\xff\xff\x7fxx");
        write(loras + QStringLiteral("/empty.safetensors"), QByteArray());
        write(loras + QStringLiteral("/badjson.safetensors"),
              QByteArray("\x08\x00\x00\x00\x00\x00\x00\x00{\"a\":[}", 16));
        QFile::link(shared("golden/models/tiny-sd1.safetensors"),
                    loras + QStringLiteral("/a-checkpoint.safetensors"));
        write(loras + QStringLiteral("/garbage.preview.png"), "not a png at all");
        write(embeddings + QStringLiteral("/pickled.pt"), "PK\x03\x04 not really a zip");
        write(embeddings + QStringLiteral("/huge.safetensors"), QByteArray(9 << 20, '\0'));
    }
};

const FoundAdapter* find(const ui::AdapterCatalog& c, const QString& name) {
    for (const FoundAdapter& a : c.adapters)
        if (a.name == name) return &a;
    return nullptr;
}

}  // namespace

class TestWorkerAdapters : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void foldersBesideTheModels() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        ModelTree t;
        const app::AdapterFolders f = app::adapter_folders({t.checkpoints}, t.model);
        QCOMPARE(f.loras, QStringList({t.loras}));
        QCOMPARE(f.embeddings, t.embeddings);
        // A1111's layout: models/Lora and models/LyCORIS beside models/Stable-diffusion, the
        // embeddings in the installation's root; its root given as the model folder works too.
        QTemporaryDir a1111;
        QDir d(a1111.path());
        for (const char* sub :
             {"models/Stable-diffusion", "models/Lora", "models/LyCORIS", "embeddings"})
            d.mkpath(QLatin1String(sub));
        for (const QString& folder :
             {d.filePath(QStringLiteral("models/Stable-diffusion")), d.path()}) {
            const app::AdapterFolders g = app::adapter_folders({folder}, QString());
            QCOMPARE(g.loras, QStringList({d.filePath(QStringLiteral("models/Lora")),
                                           d.filePath(QStringLiteral("models/LyCORIS"))}));
            QCOMPARE(g.embeddings, d.filePath(QStringLiteral("embeddings")));
        }
        // The request carries them.
        pipeline::GenerationRequest r;
        app::use_adapter_folders(f, r);
        QCOMPARE(r.lora_dirs, std::vector<std::string>{t.loras.toStdString()});
        QCOMPARE(r.embeddings_dir.value_or(""), t.embeddings.toStdString());
        QVERIFY(app::adapter_folders({}, QString()).loras.isEmpty());
    }

    void scanReadsHeaders() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        ModelTree t;
        const ui::AdapterCatalog c =
            app::scan_adapters(app::adapter_folders({t.checkpoints}, t.model));
        QVERIFY(c.scanned);
        const FoundAdapter* lora = find(c, QStringLiteral("tiny-sd1-lora"));
        QVERIFY(lora);
        QCOMPARE(lora->kind, QStringLiteral("LoRA"));
        QCOMPARE(lora->rank, 4);
        QVERIFY(lora->problem.isEmpty());
        QVERIFY(!lora->thumbnail.isNull());
        QVERIFY(lora->thumbnail.width() <= 96 && lora->thumbnail.pixelColor(10, 10) == Qt::magenta);
        QCOMPARE(find(c, QStringLiteral("tiny-sd1-loha"))->kind, QStringLiteral("LoHa"));
        QCOMPARE(find(c, QStringLiteral("tiny-sd1-lokr"))->kind, QStringLiteral("LoKr"));
        QCOMPARE(find(c, QStringLiteral("tiny-sdxl-lora-kohya"))->family, QStringLiteral("SDXL"));
        const FoundAdapter* tagged = find(c, QStringLiteral("tagged"));
        QCOMPARE(tagged->family, QStringLiteral("SDXL"));
        QCOMPARE(tagged->rank, 8);
        QCOMPARE(tagged->trigger_words, QStringList({"red dress", "tagword"}));
        const FoundAdapter* style = find(c, QStringLiteral("reverie-style"));
        QCOMPARE(style->role, FoundAdapter::Role::Embedding);
        QCOMPARE(style->rank, 2);  // vectors
        QCOMPARE(find(c, QStringLiteral("reverie-xl"))->family, QStringLiteral("SDXL"));
        QVERIFY(find(c, QStringLiteral("reverie-object"))->problem.isEmpty());
        // The engine's order: a folder's own files before its subfolders'.
        QVERIFY(lora < find(c, QStringLiteral("tiny-sd1-loha")));
    }

    void hostileFilesAreListedWithTheirProblem() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        ModelTree t;
        const ui::AdapterCatalog c =
            app::scan_adapters(app::adapter_folders({t.checkpoints}, t.model));
        for (const char* name :
             {"garbage", "empty", "badjson", "a-checkpoint", "pickled", "huge"}) {
            const FoundAdapter* a = find(c, QLatin1String(name));
            QVERIFY2(a, name);
            QVERIFY2(!a->problem.isEmpty(), name);
            qInfo("%-14s %s", name, qPrintable(a->problem));
        }
        QVERIFY(find(c, QStringLiteral("garbage"))->thumbnail.isNull());
        QVERIFY(
            find(c, QStringLiteral("a-checkpoint"))->problem.contains(QStringLiteral("no LoRA")));
        QVERIFY(find(c, QStringLiteral("huge"))->problem.contains(QStringLiteral("too large")));
    }

    // Random damage to a real LoRA's header, a few hundred times: each file reads or is refused.
    void damagedHeadersNeverCrash() {
        REVERIE_REQUIRE_SHARED(lora, "golden/lora/tiny-sd1-lora.safetensors");
        QFile original(QString::fromStdString(lora));
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray bytes = original.readAll();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("damaged.safetensors"));
        QRandomGenerator rng(21);
        int refused = 0;
        for (int i = 0; i < 300; ++i) {
            QByteArray b = bytes.left(8 + int(rng.bounded(1 + (i % 3 == 0 ? 64 : 40000))) +
                                      (i % 2 ? bytes.size() : 0));
            for (int k = 0; k < 1 + i % 5; ++k)
                if (!b.isEmpty())
                    b[int(rng.bounded(qMin<int>(b.size(), 4096)))] = char(rng.bounded(256));
            write(path, b);
            const FoundAdapter a = app::read_found_adapter(path, FoundAdapter::Role::Lora);
            refused += a.problem.isEmpty() ? 0 : 1;
            const FoundAdapter e = app::read_found_adapter(path, FoundAdapter::Role::Embedding);
            Q_UNUSED(e);
        }
        QVERIFY(refused > 0);
    }

    // The studio reads tags on QStrings (ui/ does not link the engine): on seeds and a few
    // thousand random edits of them, it finds the engine's tags, names and multipliers, and a
    // problem exactly where the engine throws.
    void tagParserAgreesWithTheEngine() {
        QStringList prompts = {"a <lora:a:0.5> cat",
                               "<lora:a:0.5:0.25>",
                               "<lora:a:te=0.3:unet=0.7>",
                               "<lyco:b>",
                               "x <lora:c:1> <hyper:d:1> <lora:e:te=2>",
                               "<lora::1>",
                               "<lora:f:abc>",
                               "<<lora:g:1>>",
                               "<lora:h:1",
                               "<lora:i:1:2:3>",
                               "<lora:j:unet=0.5>",
                               "<lora:k:zz:te=0.1>",
                               "<lora:l: 0.5>",
                               "<lora:m:0.5 >",
                               "<lora:n:1e-1>",
                               "<lora:o:te=>",
                               "<lora:p:=1>"};
        QRandomGenerator rng(2121);
        const QString alphabet = QStringLiteral("<>:=lora.0123-te unet,y\n");
        for (int i = 0; i < 4000; ++i) {
            QString p = prompts[int(rng.bounded(17))];
            for (int k = 0; k < 1 + i % 6; ++k) {
                const int at = int(rng.bounded(p.size() + 1));
                if (rng.bounded(3) == 0 && at < p.size())
                    p.remove(at, 1);
                else
                    p.insert(at, alphabet[int(rng.bounded(alphabet.size()))]);
            }
            prompts << p;
        }
        for (const QString& p : prompts) {
            const QList<ui::PromptTag> ours = ui::prompt_lora_tags(p);
            bool ourProblem = false;
            for (const ui::PromptTag& t : ours) ourProblem |= !t.problem.isEmpty();
            try {
                const auto theirs = adapters::extract_prompt_loras(p.toStdString());
                QVERIFY2(!ourProblem, qPrintable(p));
                QCOMPARE(ours.size(), qsizetype(theirs.loras.size()));
                for (int k = 0; k < ours.size(); ++k) {
                    QCOMPARE(ours[k].name.toStdString(), theirs.loras[k].name);
                    QCOMPARE(ours[k].text_encoder_value, theirs.loras[k].text_encoder);
                    QCOMPARE(ours[k].unet_value, theirs.loras[k].unet);
                }
            } catch (const Error&) {
                QVERIFY2(ourProblem, qPrintable(p));
            }
        }
    }

    // A prompt naming a LoRA the browser lists, as the studio submits it: the controller passes
    // the browser's folders (ComfyUI's models/loras is not beside the diffusers model folder, so
    // the engine alone would not find it), and the LoRA changes the picture.
    void browserLoraAppliesAtGeneration() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        ModelTree t;
        auto run = [&](const QString& prompt, bool folders) {
            app::GenerationController c;
            c.setEngineOptions(test::cpu_options(app::PreviewMode::Off));
            if (folders) c.setModelFolders({t.checkpoints});
            test::Recorder r(c);
            c.submit(test::job_settings(t.model, prompt, 3, 64, 77), QImage(), QImage());
            r.wait();
            return std::make_pair(r.images.value(0), r.failure + r.parameters.value(0));
        };
        const auto plain = run(QStringLiteral("a red square"), true);
        const auto with = run(QStringLiteral("a red square <lora:tiny-sd1-lora:0.8>"), true);
        QVERIFY(!plain.first.isNull() && !with.first.isNull());
        QVERIFY(plain.first != with.first);
        QVERIFY2(with.second.contains(QStringLiteral("Lora hashes: \"tiny-sd1-lora: ")),
                 qPrintable(with.second));
        const auto alone = run(QStringLiteral("a red square <lora:tiny-sd1-lora:0.8>"), false);
        QVERIFY(alone.first.isNull());
        QVERIFY2(alone.second.contains(QStringLiteral("tiny-sd1-lora")), qPrintable(alone.second));
    }

    // The whole way, as a user goes: the studio's browser lists the tree's LoRA for tiny-sd1, a
    // click puts it at the end of the prompt, its weight box makes it 0.8, Generate: the picture's
    // parameters record the merged LoRA.
    void pickedInTheBrowserAndGenerated() {
        REVERIE_REQUIRE_SHARED(tiny, "golden/models/tiny-sd1");
        ModelTree t;
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("reverie.ini")), QSettings::IniFormat);
        ui::MainWindow window;
        app::SessionOptions o;
        o.history_dir = dir.filePath(QStringLiteral("history"));
        o.autosave_dir = dir.filePath(QStringLiteral("autosave"));
        o.autosave_interval_ms = 3600000;
        app::StudioSession session(&window, &settings, o);
        ui::PromptPanel* panel = window.promptPanel();
        ui::GenerationSettings s =
            test::job_settings(t.model, QStringLiteral("a red square"), 3, 64, 7);
        panel->setSettings(s);
        ui::Preferences p;
        p.device = QStringLiteral("cpu");
        p.preview = QStringLiteral("off");
        p.model_folders = {t.checkpoints};
        session.applyPreferences(p);
        ui::AdapterBrowser* browser = window.adapterBrowser();
        QTRY_VERIFY(browser->catalog().scanned);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        panel->promptEdit()->setFocus();
        QTest::keyClick(panel->promptEdit(), Qt::Key_End, Qt::ControlModifier);
        const int row = browser->shownNames().indexOf(QStringLiteral("tiny-sd1-lora"));
        QVERIFY(row >= 0);
        QListView* list = browser->list();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualRect(list->model()->index(row, 0)).center());
        QCOMPARE(panel->promptEdit()->toPlainText(),
                 QStringLiteral("a red square <lora:tiny-sd1-lora:1>"));
        QDoubleSpinBox* weight = browser->weights()->weightBox(0);
        QVERIFY(weight);
        weight->setFocus();
        weight->selectAll();
        QTest::keyClicks(weight, QStringLiteral("0.8"));
        QTest::keyClick(weight, Qt::Key_Return);
        QCOMPARE(panel->settings().prompt, QStringLiteral("a red square <lora:tiny-sd1-lora:0.8>"));
        window.requestGeneration();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isBusy(), test::kTimeoutMs);
        QCOMPARE(window.history()->count(), 1);
        const QString parameters = window.history()->at(0).parameters;
        QVERIFY2(parameters.contains(QStringLiteral("<lora:tiny-sd1-lora:0.8>")) &&
                     parameters.contains(QStringLiteral("Lora hashes: \"tiny-sd1-lora: ")),
                 qPrintable(parameters));
    }
};

REVERIE_TEST_MAIN_WITH(TestWorkerAdapters, QApplication)
#include "tst_worker_adapters.moc"
