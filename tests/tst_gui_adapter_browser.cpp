// labels: gui
// The LoRA and embedding browser beside the prompt, driven with real mouse and key events: the
// search, kind and family filters; a click inserts the tag at the cursor of the prompt field last
// used; the weight boxes rewrite the tags' numbers in the text (undoably); the prompt's unknown or
// other-family LoRAs are underlined (the text layout's formats) with the reason.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolButton>
#include <QToolTip>
#include <QtTest/QtTest>

#include "ui/adapter_browser.h"
#include "ui/prompt_highlighter.h"
#include "ui/prompt_weights.h"

using reverie::ui::AdapterBrowser;
using reverie::ui::AdapterCatalog;
using reverie::ui::FoundAdapter;

namespace {

FoundAdapter entry(const QString& name, FoundAdapter::Role role, const QString& family,
                   const QStringList& triggers = {}) {
    FoundAdapter a;
    a.role = role;
    a.name = name;
    a.path = QStringLiteral("/models/Lora/") + name + QStringLiteral(".safetensors");
    a.kind =
        role == FoundAdapter::Role::Lora ? QStringLiteral("LoRA") : QStringLiteral("Embedding");
    a.family = family;
    a.trigger_words = triggers;
    return a;
}

AdapterCatalog catalog() {
    using R = FoundAdapter::Role;
    AdapterCatalog c;
    c.scanned = true;
    c.lora_folders = {QStringLiteral("/models/Lora")};
    c.embeddings_folder = QStringLiteral("/models/embeddings");
    c.adapters = {entry(QStringLiteral("style-anime"), R::Lora, QStringLiteral("SD 1.x"),
                        {QStringLiteral("cel shading")}),
                  entry(QStringLiteral("detail-tweaker"), R::Lora, QString()),
                  entry(QStringLiteral("xl-thing"), R::Lora, QStringLiteral("SDXL")),
                  entry(QStringLiteral("broken"), R::Lora, QString()),
                  entry(QStringLiteral("bad-hands"), R::Embedding, QStringLiteral("SD 1.x")),
                  entry(QStringLiteral("neg-xl"), R::Embedding, QStringLiteral("SDXL"))};
    c.adapters[3].problem = QStringLiteral("not a safetensors file");
    c.adapters[0].thumbnail = QImage(64, 32, QImage::Format_RGB32);
    return c;
}

// A browser attached to two prompt edits in one window, as the studio has them.
struct Studio {
    QWidget window;
    QPlainTextEdit* prompt = new QPlainTextEdit(&window);
    QPlainTextEdit* negative = new QPlainTextEdit(&window);
    AdapterBrowser* browser = new AdapterBrowser(&window);
    Studio() {
        auto* layout = new QHBoxLayout(&window);
        layout->addWidget(prompt);
        layout->addWidget(negative);
        layout->addWidget(browser);
        browser->attach(prompt, negative);
        browser->setCatalog(catalog());
        browser->setModelFamily(QStringLiteral("SD 1.x"));
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
    }
    // Clicks the list's entry called `name`.
    void click(const QString& name) {
        QListView* list = browser->list();
        const int row = browser->shownNames().indexOf(name);
        QVERIFY2(row >= 0, qPrintable(name));
        const QRect r = list->visualRect(list->model()->index(row, 0));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, r.center());
    }
    // Types `text` into the prompt, the cursor left after `head` characters.
    static void type(QPlainTextEdit* edit, const QString& text, int head) {
        edit->setFocus();
        QTest::keyClicks(edit, text);
        QTest::keyClick(edit, Qt::Key_Home, Qt::ControlModifier);
        for (int i = 0; i < head; ++i) QTest::keyClick(edit, Qt::Key_Right);
    }
};

// The underline style over each character of the edit's first block.
QList<bool> underlined(QPlainTextEdit* edit) {
    const QTextBlock block = edit->document()->firstBlock();
    QList<bool> out(block.length() - 1, false);
    for (const QTextLayout::FormatRange& r : block.layout()->formats())
        if (r.format.underlineStyle() == QTextCharFormat::WaveUnderline)
            for (int i = r.start; i < r.start + r.length && i < out.size(); ++i) out[i] = true;
    return out;
}

bool underlined_span(QPlainTextEdit* edit, const QString& part) {
    const int at = edit->toPlainText().indexOf(part);
    const QList<bool> u = underlined(edit);
    for (int i = at; i < at + part.size(); ++i)
        if (!u.value(i)) return false;
    return at >= 0;
}

bool clean_span(QPlainTextEdit* edit, const QString& part) {
    const int at = edit->toPlainText().indexOf(part);
    const QList<bool> u = underlined(edit);
    for (int i = at; i < at + part.size(); ++i)
        if (u.value(i)) return false;
    return at >= 0;
}

}  // namespace

class TestAdapterBrowser : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void familyAndKindFilter() {
        Studio s;
        // SD 1.x: its own family's, those that do not say (the broken one greyed).
        QCOMPARE(s.browser->shownNames(),
                 QStringList({"style-anime", "detail-tweaker", "broken", "bad-hands"}));
        s.browser->otherFamiliesBox()->click();
        QCOMPARE(s.browser->shownNames().size(), 6);
        s.browser->otherFamiliesBox()->click();
        // The kind combo, chosen with keys.
        s.browser->kindCombo()->setFocus();
        QTest::keyClick(s.browser->kindCombo(), Qt::Key_Down);
        QTest::keyClick(s.browser->kindCombo(), Qt::Key_Down);
        QCOMPARE(s.browser->shownNames(), QStringList({"bad-hands"}));
        // An SDXL model: the SDXL files and those that do not say.
        s.browser->setModelFamily(QStringLiteral("SDXL"));
        QCOMPARE(s.browser->shownNames(), QStringList({"neg-xl"}));
        QTest::keyClick(s.browser->kindCombo(), Qt::Key_Up);
        QCOMPARE(s.browser->shownNames(), QStringList({"detail-tweaker", "xl-thing", "broken"}));
        QVERIFY(s.browser->statusLabel()->text().contains(QStringLiteral("4 LoRAs, 2 embeddings")));
    }

    void typingSearches() {
        Studio s;
        s.browser->searchEdit()->setFocus();
        QTest::keyClicks(s.browser->searchEdit(), QStringLiteral("DET"));
        QCOMPARE(s.browser->shownNames(), QStringList({"detail-tweaker"}));
        // Trigger words are searched too.
        s.browser->searchEdit()->clear();
        QTest::keyClicks(s.browser->searchEdit(), QStringLiteral("cel sh"));
        QCOMPARE(s.browser->shownNames(), QStringList({"style-anime"}));
        s.browser->searchEdit()->clear();
        QTest::keyClicks(s.browser->searchEdit(), QStringLiteral("nothing like it"));
        QVERIFY(s.browser->shownNames().isEmpty());
    }

    void clickInsertsAtTheCursor() {
        Studio s;
        Studio::type(s.prompt, QStringLiteral("a cat on a sofa"), 5);
        s.click(QStringLiteral("style-anime"));
        QCOMPARE(s.prompt->toPlainText(), QStringLiteral("a cat <lora:style-anime:1> on a sofa"));
        // One undo step takes it out again.
        QTest::keyClick(s.prompt, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(s.prompt->toPlainText(), QStringLiteral("a cat on a sofa"));
        QTest::keyClick(s.prompt, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        // The prompt has the focus back, its cursor after the tag: typing goes on there.
        QVERIFY(s.prompt->hasFocus());
        QTest::keyClicks(s.prompt, QStringLiteral(","));
        QCOMPARE(s.prompt->toPlainText(), QStringLiteral("a cat <lora:style-anime:1>, on a sofa"));
        // A greyed (unreadable) entry inserts nothing.
        s.click(QStringLiteral("broken"));
        QVERIFY(!s.prompt->toPlainText().contains(QStringLiteral("broken")));
    }

    void negativePromptGetsTheEmbedding() {
        Studio s;
        Studio::type(s.prompt, QStringLiteral("a cat"), 5);
        Studio::type(s.negative, QStringLiteral("blurry"), 6);
        s.click(QStringLiteral("bad-hands"));
        QCOMPARE(s.negative->toPlainText(), QStringLiteral("blurry bad-hands"));
        QCOMPARE(s.prompt->toPlainText(), QStringLiteral("a cat"));
        // Back in the prompt (a real click into it), the next insert goes there.
        QTest::mouseClick(s.prompt->viewport(), Qt::LeftButton, {},
                          s.prompt->cursorRect(s.prompt->textCursor()).center());
        QTest::keyClick(s.prompt, Qt::Key_End);
        s.click(QStringLiteral("detail-tweaker"));
        QCOMPARE(s.prompt->toPlainText(), QStringLiteral("a cat <lora:detail-tweaker:1>"));
    }

    void weightBoxesRewriteTheText() {
        Studio s;
        Studio::type(s.prompt, QStringLiteral("a cat <lora:style-anime:1> <lora:detail-tweaker>"),
                     0);
        QVERIFY(s.browser->weights()->isVisible());
        QCOMPARE(s.browser->weights()->rowCount(), 2);
        QDoubleSpinBox* first = s.browser->weights()->weightBox(0);
        QVERIFY(first && !s.browser->weights()->weightBox(0, true));
        first->setFocus();
        first->selectAll();
        QTest::keyClicks(first, QStringLiteral("0.8"));
        QTest::keyClick(first, Qt::Key_Return);
        QCOMPARE(s.prompt->toPlainText(),
                 QStringLiteral("a cat <lora:style-anime:0.8> <lora:detail-tweaker>"));
        QTest::keyClick(first, Qt::Key_Up);
        QCOMPARE(s.prompt->toPlainText(),
                 QStringLiteral("a cat <lora:style-anime:0.85> <lora:detail-tweaker>"));
        // A tag without a number gets one.
        QDoubleSpinBox* second = s.browser->weights()->weightBox(1);
        QCOMPARE(second->value(), 1.0);
        second->setFocus();
        QTest::keyClick(second, Qt::Key_Down);
        QCOMPARE(s.prompt->toPlainText(),
                 QStringLiteral("a cat <lora:style-anime:0.85> <lora:detail-tweaker:0.95>"));
        // Typing a number in the text moves its box.
        s.prompt->setFocus();
        QTest::keyClick(s.prompt, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(s.prompt->toPlainText(),
                 QStringLiteral("a cat <lora:style-anime:0.85> <lora:detail-tweaker>"));
        QCOMPARE(s.browser->weights()->weightBox(1)->value(), 1.0);
        QCOMPARE(s.browser->weights()->weightBox(0)->value(), 0.85);
    }

    void separateUnetNumberAndRemoval() {
        Studio s;
        Studio::type(s.prompt, QStringLiteral("<lora:style-anime:0.5:0.25> a cat"), 0);
        QDoubleSpinBox* unet = s.browser->weights()->weightBox(0, true);
        QVERIFY(unet);
        QCOMPARE(unet->value(), 0.25);
        unet->setFocus();
        QTest::keyClick(unet, Qt::Key_Up);
        QCOMPARE(s.prompt->toPlainText(), QStringLiteral("<lora:style-anime:0.5:0.3> a cat"));
        auto* remove = s.browser->weights()->findChild<QToolButton*>(QStringLiteral("removeTag_0"));
        QVERIFY(remove);
        QTest::mouseClick(remove, Qt::LeftButton);
        QTRY_COMPARE(s.prompt->toPlainText(), QStringLiteral(" a cat"));
        QTRY_VERIFY(!s.browser->weights()->isVisible());
    }

    void unknownNamesAreUnderlinedWithTheReason() {
        Studio s;
        Studio::type(s.prompt,
                     QStringLiteral("<lora:missing:1> and <lora:style-anime:0.5> "
                                    "<lora:xl-thing:1> <lora:style-anime:x>"),
                     0);
        QVERIFY(underlined_span(s.prompt, QStringLiteral("<lora:missing:1>")));
        QVERIFY(clean_span(s.prompt, QStringLiteral("<lora:style-anime:0.5>")));
        QVERIFY(clean_span(s.prompt, QStringLiteral(" and ")));
        QVERIFY(underlined_span(s.prompt, QStringLiteral("<lora:xl-thing:1>")));
        QVERIFY(underlined_span(s.prompt, QStringLiteral("<lora:style-anime:x>")));
        const auto why = [&](const QString& part) {
            return s.browser->highlighter()->problemAt(s.prompt->toPlainText().indexOf(part) + 2);
        };
        QVERIFY2(why(QStringLiteral("<lora:missing"))
                     .contains(QStringLiteral("No LoRA named "
                                              "'missing' in")),
                 qPrintable(why(QStringLiteral("<lora:missing"))));
        QVERIFY(why(QStringLiteral("<lora:missing")).contains(QStringLiteral("/models/Lora")));
        QCOMPARE(why(QStringLiteral("<lora:xl-thing")),
                 QStringLiteral("'xl-thing' is an SDXL LoRA; the model is SD 1.x"));
        QVERIFY(
            why(QStringLiteral("<lora:style-anime:x")).contains(QStringLiteral("not a number")));
        QVERIFY(why(QStringLiteral("<lora:style-anime:0.5")).isEmpty());
        // Hovering the tag shows the reason as its tool tip.
        QTextCursor at(s.prompt->document());
        at.setPosition(s.prompt->toPlainText().indexOf(QStringLiteral("<lora:xl-thing")) + 3);
        const QPoint over = s.prompt->cursorRect(at).center();
        QHelpEvent hover(QEvent::ToolTip, over, s.prompt->viewport()->mapToGlobal(over));
        QApplication::sendEvent(s.prompt->viewport(), &hover);
        QTRY_COMPARE(QToolTip::text(), why(QStringLiteral("<lora:xl-thing")));
        // The weight rows say it too: the name in red, the reason in its tool tip.
        const auto label = [&](const QString& name) {
            for (QLabel* l : s.browser->weights()->findChildren<QLabel*>())
                if (l->text() == name) return l;
            return static_cast<QLabel*>(nullptr);
        };
        QVERIFY(label(QStringLiteral("missing")));
        QCOMPARE(label(QStringLiteral("missing"))->toolTip(), why(QStringLiteral("<lora:missing")));
        QCOMPARE(label(QStringLiteral("xl-thing"))->toolTip(),
                 why(QStringLiteral("<lora:xl-thing")));
        QVERIFY(label(QStringLiteral("missing"))->styleSheet().contains(QStringLiteral("color")));
        // The model changes to an SDXL one: the SDXL LoRA is fine, the SD 1.x one is not.
        s.browser->setModelFamily(QStringLiteral("SDXL"));
        QVERIFY(clean_span(s.prompt, QStringLiteral("<lora:xl-thing:1>")));
        QVERIFY(underlined_span(s.prompt, QStringLiteral("<lora:style-anime:0.5>")));
        // A LoRA put in the folder later, once the scan lists it, is no longer underlined.
        AdapterCatalog more = catalog();
        more.adapters.append(entry(QStringLiteral("missing"), FoundAdapter::Role::Lora, QString()));
        s.browser->setCatalog(more);
        QVERIFY(clean_span(s.prompt, QStringLiteral("<lora:missing:1>")));
    }

    void nothingUnderlinedBeforeTheScan() {
        QPlainTextEdit prompt;
        AdapterBrowser browser;
        browser.attach(&prompt, nullptr);
        prompt.setPlainText(QStringLiteral("<lora:anything:1>"));
        QVERIFY(clean_span(&prompt, QStringLiteral("<lora:anything:1>")));
        QVERIFY(browser.statusLabel()->text().contains(QStringLiteral("Looking")));
    }
};

QTEST_MAIN(TestAdapterBrowser)
#include "tst_gui_adapter_browser.moc"
