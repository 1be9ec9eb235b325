#pragma once
// The studio's persistent preferences (QSettings), as plain values. The app layer maps device and
// precision to engine types; the widgets only edit these strings.
#include <QSettings>
#include <QString>
#include <QStringList>

namespace reverie::ui {

struct Preferences {
    // Folders scanned for models: any folder, an AUTOMATIC1111 `models/Stable-diffusion` or a
    // ComfyUI `models/checkpoints`.
    QStringList model_folders;
    QString device = QStringLiteral("auto");     // auto, cuda, cpu
    QString precision = QStringLiteral("fp32");  // fp32, fp16, bf16
    // GPU memory saver: only the running network on the GPU (sequential offload), for 4 GB cards.
    bool offload = false;
    QString preview = QStringLiteral("auto");  // auto (TAESD when present), taesd, linear, off
    int preview_interval = 1;                  // decode a preview every N steps
    QString language;                          // empty: the system's; else e.g. zh_CN, en

    // Where pictures are made: "local" (this machine) or "comfyui" (a ComfyUI server). The
    // credentials live here, with the user's settings, and nowhere else (never in logs).
    QString backend = QStringLiteral("local");
    QString comfy_url = QStringLiteral("http://127.0.0.1:8188");
    QString comfy_token;  // bearer token
    QString comfy_user;   // basic auth
    QString comfy_password;
    QString comfy_loader = QStringLiteral("CheckpointLoaderSimple");

    bool operator==(const Preferences& o) const;
    bool operator!=(const Preferences& o) const { return !(*this == o); }
};

// Values outside the known choices fall back to the defaults.
Preferences load_preferences(QSettings& settings);
void save_preferences(QSettings& settings, const Preferences& preferences);

// The choices each field accepts, in the order the dialog lists them.
const QStringList& device_choices();
const QStringList& precision_choices();
const QStringList& preview_choices();
const QStringList& backend_choices();

}  // namespace reverie::ui
