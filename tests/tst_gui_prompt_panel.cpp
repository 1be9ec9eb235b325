// labels: gui
// The prompt panel: every field round-trips exactly, Ctrl+Enter generates, the mode shows.
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest/QtTest>

#include "core/sampling/sampler_registry.h"
#include "tests/support/unusual_settings.h"

#include "ui/prompt_panel.h"

using reverie::ui::GenerationMode;
using reverie::ui::GenerationSettings;
using reverie::ui::PromptPanel;

class TestPromptPanel : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void defaultsRoundTrip() {
        PromptPanel panel;
        QCOMPARE(panel.settings(), GenerationSettings{});
    }

    void everyFieldRoundTrips_data() {
        QTest::addColumn<QString>("sampler");
        for (const QString& name : reverie::ui::sampler_names())
            QTest::newRow(qPrintable(name)) << name;
    }

    void everyFieldRoundTrips() {
        QFETCH(QString, sampler);
        GenerationSettings s = reverie::test::unusual_settings();
        s.sampler = sampler;
        s.seed = 123456789012345LL;
        // Karras applies only where the sampler takes it (the box is disabled elsewhere).
        s.karras = reverie::sampling::find_sampler(sampler.toStdString())->karras;
        PromptPanel panel;
        panel.setSettings(s);
        const GenerationSettings back = panel.settings();
        QCOMPARE(back.prompt, s.prompt);
        QCOMPARE(back.sampler, s.sampler);
        QCOMPARE(back.seed, s.seed);
        QCOMPARE(back.cfg_scale, s.cfg_scale);
        QCOMPARE(back.denoising_strength, s.denoising_strength);
        QVERIFY(back == s);
    }

    // The combo lists the registry's samplers under their display names, and moving through it
    // with the keyboard enables the Karras box exactly for the samplers that take Karras sigmas;
    // a tick made there is not reported for a sampler without them.
    void samplerComboFollowsTheRegistry() {
        PromptPanel panel;
        auto* combo = panel.findChild<QComboBox*>(QStringLiteral("samplerCombo"));
        auto* karras = panel.findChild<QCheckBox*>(QStringLiteral("karrasBox"));
        QVERIFY(combo && karras);
        const auto& registry = reverie::sampling::kSamplers;
        QCOMPARE(combo->count(), int(std::size(registry)));
        GenerationSettings s;
        s.sampler = QString::fromLatin1(registry[0].name.data(), registry[0].name.size());
        s.karras = true;
        panel.setSettings(s);
        for (int i = 0; i < combo->count(); ++i) {
            if (i > 0) QTest::keyClick(combo, Qt::Key_Down);
            const auto& info = registry[i];
            QCOMPARE(combo->currentIndex(), i);
            QCOMPARE(combo->currentText().toStdString(), std::string(info.display_name));
            QCOMPARE(panel.settings().sampler.toStdString(), std::string(info.name));
            QCOMPARE(karras->isEnabled(), info.karras);
            QVERIFY(karras->isChecked());
            QCOMPARE(panel.settings().karras, info.karras);
        }
    }

    void randomSeedRoundTrips() {
        GenerationSettings s;
        s.seed = -1;
        PromptPanel panel;
        panel.setSettings(s);
        QCOMPARE(panel.settings().seed, qint64(-1));
    }

    void sizesSnapToMultiplesOf8() {
        GenerationSettings s;
        s.width = 515;
        s.height = 300;
        PromptPanel panel;
        panel.setSettings(s);
        QCOMPARE(panel.settings().width, 512);
        QCOMPARE(panel.settings().height, 304);
    }

    void ctrlEnterEmitsGenerate() {
        PromptPanel panel;
        QSignalSpy spy(&panel, &PromptPanel::generateRequested);
        QTest::keyClicks(panel.promptEdit(), QStringLiteral("a cat"));
        QTest::keyClick(panel.promptEdit(), Qt::Key_Return);
        QCOMPARE(spy.count(), 0);  // a plain Enter is a newline
        QTest::keyClick(panel.promptEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(spy.count(), 1);
        QTest::keyClick(panel.promptEdit(), Qt::Key_Enter, Qt::ControlModifier);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(panel.settings().prompt, QStringLiteral("a cat\n"));
        QTest::mouseClick(panel.generateButton(), Qt::LeftButton);
        QCOMPARE(spy.count(), 3);
    }

    void modeEnablesTheFieldsThatApply() {
        PromptPanel panel;
        auto* label = panel.findChild<QLabel*>(QStringLiteral("modeLabel"));
        QVERIFY(label);
        panel.setCanvasState(true, true);
        QCOMPARE(panel.mode(), GenerationMode::Inpaint);
        QVERIFY(label->text().contains(QStringLiteral("inpaint")));
        panel.setCanvasState(false, false);
        QVERIFY(label->text().contains(QStringLiteral("text to image")));
        auto* strength = panel.findChild<QDoubleSpinBox*>(QStringLiteral("strengthSpin"));
        QVERIFY(!strength->isEnabled());
        // On a canvas the strength says what Generate does: 100% new picture, less refine.
        panel.setCanvasState(true, false);
        QVERIFY(strength->isEnabled());
        QCOMPARE(panel.mode(), GenerationMode::TextToImage);
        QVERIFY(label->text().contains(QStringLiteral("new picture")));
        strength->setFocus();
        QTest::keyClick(strength, Qt::Key_Down);
        QCOMPARE(panel.mode(), GenerationMode::ImageToImage);
        QVERIFY(label->text().contains(QStringLiteral("refine")));
    }

    void busyEnablesCancel() {
        PromptPanel panel;
        QSignalSpy spy(&panel, &PromptPanel::cancelRequested);
        QVERIFY(!panel.cancelButton()->isEnabled());
        panel.setBusy(true);
        QVERIFY(panel.cancelButton()->isEnabled());
        QTest::mouseClick(panel.cancelButton(), Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
    }
};

QTEST_MAIN(TestPromptPanel)
#include "tst_gui_prompt_panel.moc"
