#pragma once
// The Preferences the engine cares about, and how they become torch devices and dtypes. Resolved
// in the worker thread, so an impossible choice (CUDA without a GPU) reaches the user as a failed
// job with a message.
#include <torch/torch.h>

#include <QString>

#include "ui/preferences.h"

namespace reverie::app {

enum class PreviewMode { Auto, Taesd, Linear, Off };

// The share of the generation time previews may take (see LivePreview).
inline constexpr double kPreviewBudget = 0.04;

struct EngineOptions {
    QString device = QStringLiteral("auto");
    QString precision = QStringLiteral("fp32");
    bool offload = false;  // pipeline::LoadOptions::offload
    PreviewMode preview = PreviewMode::Auto;
    int preview_interval = 1;
    double preview_budget = kPreviewBudget;  // tests lift it to see every preview
};

EngineOptions engine_options(const ui::Preferences& preferences);

// auto -> CUDA when torch sees a GPU, else CPU. Throws reverie::Error for "cuda" without one.
torch::Device resolve_device(const QString& choice);
// fp16 has no CPU kernels for most layers in LibTorch: on the CPU it becomes fp32 and `*note`
// says so.
torch::ScalarType resolve_dtype(const QString& precision, torch::Device device, QString* note);

}  // namespace reverie::app
