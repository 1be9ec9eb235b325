#include "ui/preferences.h"

#include <algorithm>

namespace reverie::ui {

namespace {

QString one_of(const QVariant& value, const QStringList& choices, const QString& fallback) {
    const QString s = value.toString();
    return choices.contains(s) ? s : fallback;
}

}  // namespace

bool Preferences::operator==(const Preferences& o) const {
    return model_folders == o.model_folders && device == o.device && precision == o.precision &&
           offload == o.offload && preview == o.preview && preview_interval == o.preview_interval &&
           language == o.language && backend == o.backend && comfy_url == o.comfy_url &&
           comfy_token == o.comfy_token && comfy_user == o.comfy_user &&
           comfy_password == o.comfy_password && comfy_loader == o.comfy_loader;
}

const QStringList& device_choices() {
    static const QStringList c = {QStringLiteral("auto"), QStringLiteral("cuda"),
                                  QStringLiteral("cpu")};
    return c;
}

const QStringList& precision_choices() {
    static const QStringList c = {QStringLiteral("fp32"), QStringLiteral("fp16"),
                                  QStringLiteral("bf16")};
    return c;
}

const QStringList& preview_choices() {
    static const QStringList c = {QStringLiteral("auto"), QStringLiteral("taesd"),
                                  QStringLiteral("linear"), QStringLiteral("off")};
    return c;
}

const QStringList& backend_choices() {
    static const QStringList c = {QStringLiteral("local"), QStringLiteral("comfyui")};
    return c;
}

Preferences load_preferences(QSettings& settings) {
    const Preferences defaults;
    Preferences p;
    p.model_folders = settings.value(QStringLiteral("models/folders")).toStringList();
    p.device =
        one_of(settings.value(QStringLiteral("engine/device")), device_choices(), defaults.device);
    p.precision = one_of(settings.value(QStringLiteral("engine/precision")), precision_choices(),
                         defaults.precision);
    p.offload = settings.value(QStringLiteral("engine/offload"), defaults.offload).toBool();
    p.preview =
        one_of(settings.value(QStringLiteral("preview/mode")), preview_choices(), defaults.preview);
    p.preview_interval = std::clamp(
        settings.value(QStringLiteral("preview/interval"), defaults.preview_interval).toInt(), 1,
        100);
    p.language = settings.value(QStringLiteral("ui/language")).toString();
    p.backend = one_of(settings.value(QStringLiteral("remote/backend")), backend_choices(),
                       defaults.backend);
    p.comfy_url = settings.value(QStringLiteral("remote/url"), defaults.comfy_url).toString();
    p.comfy_token = settings.value(QStringLiteral("remote/token")).toString();
    p.comfy_user = settings.value(QStringLiteral("remote/user")).toString();
    p.comfy_password = settings.value(QStringLiteral("remote/password")).toString();
    p.comfy_loader =
        settings.value(QStringLiteral("remote/loader"), defaults.comfy_loader).toString().trimmed();
    if (p.comfy_loader.isEmpty()) p.comfy_loader = defaults.comfy_loader;
    return p;
}

void save_preferences(QSettings& settings, const Preferences& p) {
    settings.setValue(QStringLiteral("models/folders"), p.model_folders);
    settings.setValue(QStringLiteral("engine/device"), p.device);
    settings.setValue(QStringLiteral("engine/precision"), p.precision);
    settings.setValue(QStringLiteral("engine/offload"), p.offload);
    settings.setValue(QStringLiteral("preview/mode"), p.preview);
    settings.setValue(QStringLiteral("preview/interval"), p.preview_interval);
    settings.setValue(QStringLiteral("ui/language"), p.language);
    settings.setValue(QStringLiteral("remote/backend"), p.backend);
    settings.setValue(QStringLiteral("remote/url"), p.comfy_url);
    settings.setValue(QStringLiteral("remote/token"), p.comfy_token);
    settings.setValue(QStringLiteral("remote/user"), p.comfy_user);
    settings.setValue(QStringLiteral("remote/password"), p.comfy_password);
    settings.setValue(QStringLiteral("remote/loader"), p.comfy_loader);
    settings.sync();
}

}  // namespace reverie::ui
