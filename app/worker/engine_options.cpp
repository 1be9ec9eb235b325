#include "app/worker/engine_options.h"

#include <QCoreApplication>

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
    const bool gpu = torch::cuda::is_available();
    if (choice == QLatin1String("cuda")) {
        if (!gpu)
            throw Error(QCoreApplication::translate("reverie::app::EngineOptions",
                                                    "No CUDA GPU is available to this program. "
                                                    "Choose Automatic or CPU in Settings.")
                            .toStdString());
        return torch::Device(torch::kCUDA, 0);
    }
    if (choice == QLatin1String("cpu") || !gpu) return torch::Device(torch::kCPU);
    return torch::Device(torch::kCUDA, 0);
}

torch::ScalarType resolve_dtype(const QString& precision, torch::Device device, QString* note) {
    if (precision == QLatin1String("bf16")) return torch::kBFloat16;
    if (precision == QLatin1String("fp16")) {
        if (device.is_cuda()) return torch::kFloat16;
        if (note)
            *note = QCoreApplication::translate("reverie::app::EngineOptions",
                                                "fp16 needs a GPU; using fp32 on the CPU.");
    }
    return torch::kFloat32;
}

}  // namespace reverie::app
