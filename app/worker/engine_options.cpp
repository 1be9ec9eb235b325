#include "app/worker/engine_options.h"

#include <QCoreApplication>

#include "core/common/device_policy.h"
#include "core/common/error.h"

namespace reverie::app {

EngineOptions engine_options(const ui::Preferences& p) {
    EngineOptions o;
    o.device = p.device;
    o.precision = p.precision;
    o.offload = p.offload;
    if (p.preview == QLatin1String("taesd"))
        o.preview = PreviewMode::Taesd;
    else if (p.preview == QLatin1String("linear"))
        o.preview = PreviewMode::Linear;
    else if (p.preview == QLatin1String("off"))
        o.preview = PreviewMode::Off;
    o.preview_interval = std::max(1, p.preview_interval);
    return o;
}

torch::Device resolve_device(const QString& choice) {
    const auto device =
        pick_device(device_choice_from_name(choice.toStdString()).value_or(DeviceChoice::Auto));
    if (!device)
        throw Error(QCoreApplication::translate("reverie::app::EngineOptions",
                                                "No CUDA GPU is available to this program. "
                                                "Choose Automatic or CPU in Settings.")
                        .toStdString());
    return *device;
}

torch::ScalarType resolve_dtype(const QString& precision, torch::Device device, QString* note) {
    torch::ScalarType requested = torch::kFloat32;
    if (precision == QLatin1String("bf16")) requested = torch::kBFloat16;
    if (precision == QLatin1String("fp16")) requested = torch::kFloat16;
    bool fell_back = false;
    const torch::ScalarType dtype = pick_dtype(requested, device, &fell_back);
    if (fell_back && note)
        *note = QCoreApplication::translate("reverie::app::EngineOptions",
                                            "fp16 needs a GPU; using fp32 on the CPU.");
    return dtype;
}

}  // namespace reverie::app
