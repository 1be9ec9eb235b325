// labels: gui
// Preferences, the settings dialog, model folder scanning and the model picker.
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "ui/model_scan.h"
#include "ui/preferences.h"
#include "ui/prompt_panel.h"
#include "ui/settings_dialog.h"

using namespace reverie::ui;

namespace {

void touch(const QString& path) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
}

QStringList names(const QList<FoundModel>& models) {
    QStringList n;
    for (const FoundModel& m : models) n << m.name;
    return n;
}

Preferences unusual_preferences() {
    Preferences p;
    p.model_folders = {QStringLiteral("/a/models"), QStringLiteral("/b/ComfyUI")};
    p.device = QStringLiteral("cpu");
    p.precision = QStringLiteral("bf16");
    p.offload = true;
    p.preview = QStringLiteral("linear");
    p.preview_interval = 4;
    p.language = QStringLiteral("zh_CN");
    return p;
}

}  // namespace

class TestGuiSettings : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void preferencesRoundTrip() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("r.ini")), QSettings::IniFormat);
        QVERIFY(load_preferences(settings) == Preferences{});
        const Preferences p = unusual_preferences();
        save_preferences(settings, p);
        QSettings again(dir.filePath(QStringLiteral("r.ini")), QSettings::IniFormat);
        QVERIFY(load_preferences(again) == p);
    }

    void unknownValuesFallBack() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("r.ini")), QSettings::IniFormat);
        settings.setValue(QStringLiteral("engine/device"), QStringLiteral("tpu"));
        settings.setValue(QStringLiteral("engine/precision"), QStringLiteral("fp8"));
        settings.setValue(QStringLiteral("preview/interval"), -3);
        const Preferences p = load_preferences(settings);
        QCOMPARE(p.device, QStringLiteral("auto"));
        QCOMPARE(p.precision, QStringLiteral("fp32"));
        QCOMPARE(p.preview_interval, 1);
    }

    void scanFindsCheckpointsAndDiffusersFolders() {
        QTemporaryDir dir;
        // An AUTOMATIC1111 installation root, a ComfyUI one and a plain folder.
        const QString a1111 = dir.filePath(QStringLiteral("webui"));
        touch(a1111 + QStringLiteral("/models/Stable-diffusion/v1-5.safetensors"));
        touch(a1111 + QStringLiteral("/models/Stable-diffusion/anime/b.safetensors"));
        touch(a1111 + QStringLiteral("/models/Stable-diffusion/v1-5.vae.safetensors"));
        touch(a1111 + QStringLiteral("/models/Stable-diffusion/readme.txt"));
        touch(a1111 + QStringLiteral("/models/Lora/not-a-checkpoint.safetensors"));
        const QString comfy = dir.filePath(QStringLiteral("ComfyUI"));
        touch(comfy + QStringLiteral("/models/checkpoints/c.safetensors"));
        touch(comfy + QStringLiteral("/models/checkpoints/pickled.ckpt"));  // read without code
        const QString plain = dir.filePath(QStringLiteral("mine"));
        touch(plain + QStringLiteral("/tiny/model_index.json"));
        touch(plain + QStringLiteral("/tiny/unet/diffusion_pytorch_model.safetensors"));
        touch(plain + QStringLiteral("/a/b/c/d/too-deep.safetensors"));
        const QList<FoundModel> found = scan_model_folders(
            {a1111, comfy, plain, a1111, dir.filePath(QStringLiteral("missing"))});
        QCOMPARE(names(found),
                 (QStringList{QStringLiteral("anime/b.safetensors"),
                              QStringLiteral("v1-5.safetensors"), QStringLiteral("c.safetensors"),
                              QStringLiteral("pickled.ckpt"), QStringLiteral("tiny")}));
        QCOMPARE(found.last().path, QDir(plain + QStringLiteral("/tiny")).absolutePath());
        // The dialog counts them off the GUI thread and says so when done.
        Preferences p;
        p.model_folders = {a1111};
        SettingsDialog dialog(p);
        dialog.addModelFolder(comfy);
        auto counted = [&dialog] {
            for (QLabel* l : dialog.findChildren<QLabel*>())
                if (l->text() == QStringLiteral("4 model(s) found")) return true;
            return false;
        };
        QTRY_VERIFY(counted());
    }

    void dialogEditsEveryField() {
        const Preferences p = unusual_preferences();
        SettingsDialog dialog(p);
        QVERIFY(dialog.preferences() == p);
        // The GPU memory saver is kept but greyed out while the device is the CPU.
        auto* offload = dialog.findChild<QCheckBox*>();
        QVERIFY(offload && offload->isChecked() && !offload->isEnabled());
        auto* interval = dialog.findChild<QSpinBox*>();
        QVERIFY(interval && interval->text() == QStringLiteral("every 4 steps"));
        interval->setValue(1);
        QCOMPARE(interval->text(), QStringLiteral("every 1 step"));
        interval->setValue(4);
        dialog.addModelFolder(QStringLiteral("/c/more"));
        dialog.addModelFolder(QStringLiteral("/c/more"));  // once only
        QCOMPARE(dialog.folderList()->count(), 3);
        QCOMPARE(dialog.preferences().model_folders.last(), QStringLiteral("/c/more"));
        SettingsDialog defaults(Preferences{});
        QVERIFY(defaults.preferences() == Preferences{});
    }

    void pickerListsTheBuiltInModelFirst() {
        PromptPanel panel;
        QComboBox* combo = panel.modelCombo();
        QCOMPARE(combo->count(), 1);
        QVERIFY(combo->itemText(0).contains(QStringLiteral("reverie-shapes")));
        QVERIFY(panel.settings().model_path.isEmpty());
        panel.setFoundModels({{QStringLiteral("/m/a.safetensors"), QStringLiteral("a.safetensors")},
                              {QStringLiteral("/m/tiny"), QStringLiteral("tiny")}});
        QCOMPARE(combo->count(), 3);
        combo->setCurrentIndex(2);
        QCOMPARE(panel.settings().model_path, QStringLiteral("/m/tiny"));
        // A rescan keeps the selection, even when the model is no longer in a scanned folder.
        panel.setFoundModels(
            {{QStringLiteral("/m/a.safetensors"), QStringLiteral("a.safetensors")}});
        QCOMPARE(panel.settings().model_path, QStringLiteral("/m/tiny"));
        // Settings naming an unlisted model (a restored history entry) add it.
        GenerationSettings s = panel.settings();
        s.model_path = QStringLiteral("/elsewhere/x.safetensors");
        panel.setSettings(s);
        QCOMPARE(panel.settings().model_path, s.model_path);
        QCOMPARE(combo->currentText(), QStringLiteral("x.safetensors"));
        s.model_path.clear();
        panel.setSettings(s);
        QCOMPARE(combo->currentIndex(), 0);
    }
};

QTEST_MAIN(TestGuiSettings)
#include "tst_gui_settings.moc"
