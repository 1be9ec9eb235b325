// labels: gui
// The embedded translations load and translate the studio's strings.
#include <QApplication>
#include <QFile>
#include <QtTest/QtTest>

#include "ui/prompt_panel.h"
#include "ui/translator.h"

class TestTranslations : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void qmFilesAreEmbedded() {
        QVERIFY(QFile::exists(QStringLiteral(":/i18n/reverie_zh_CN.qm")));
        QVERIFY(QFile::exists(QStringLiteral(":/i18n/reverie_en.qm")));
    }

    void simplifiedChineseTranslatesTheStudio() {
        auto* app = qobject_cast<QApplication*>(QCoreApplication::instance());
        QVERIFY(app);
        QCOMPARE(QCoreApplication::translate("reverie::ui::PromptPanel", "Generate"),
                 QStringLiteral("Generate"));
        QVERIFY(reverie::ui::install_translator(*app, QStringLiteral("zh_CN")));
        const QString generate =
            QCoreApplication::translate("reverie::ui::PromptPanel", "Generate");
        const QString file = QCoreApplication::translate("reverie::ui::MainWindow", "&File");
        const QString step = QCoreApplication::translate("ProgressText", "step %1/%2");
        qInfo() << "zh_CN:" << generate << file << step;
        QCOMPARE(generate, QStringLiteral("生成"));
        QCOMPARE(file, QStringLiteral("文件(&F)"));
        QCOMPARE(step, QStringLiteral("步骤 %1/%2"));
        // A widget built now shows the translation.
        reverie::ui::PromptPanel panel;
        QCOMPARE(panel.windowTitle(), QStringLiteral("提示词"));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_gui_translations.moc"
