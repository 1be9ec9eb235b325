#pragma once
// Live previews from the sampler's predicted clean latent x0: TAESD when the model has it (where
// the worker put it: beside the UNet on a GPU, else the CPU), else the latent->RGB projection,
// scaled to the size the final image will have. Previews are throttled
// by time as well as by step: one is skipped whenever decoding it would take the time spent on
// previews past kPreviewBudget of the time generating, so slow previews never slow a job down.
#include <torch/torch.h>

#include <QElapsedTimer>
#include <QImage>

#include "app/worker/engine_options.h"
#include "core/pipeline/loaded_model.h"

namespace reverie::app {

inline constexpr double kPreviewBudget = 0.04;

class LivePreview {
  public:
    // The clock starts here: construct it when the job starts.
    LivePreview(pipeline::LoadedModel& model, PreviewMode mode, int interval);

    // A preview for this step, or a null image when this step gets none. The last step never
    // gets one: the real decode follows at once.
    QImage at_step(int step, int total, const torch::Tensor& x0);

    bool uses_taesd() const { return taesd_; }
    double seconds_spent() const { return spent_ns_ / 1e9; }
    int count() const { return count_; }

  private:
    QImage decode(const torch::Tensor& x0) const;

    pipeline::LoadedModel& model_;
    bool off_;
    bool taesd_;
    int interval_;
    QElapsedTimer clock_;
    qint64 spent_ns_ = 0;
    qint64 last_cost_ns_ = 0;
    int count_ = 0;
};

}  // namespace reverie::app
