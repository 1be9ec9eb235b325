#pragma once
// Live previews from the sampler's predicted clean latent x0, scaled to the size the final image
// will have: TAESD when the model has it (where the worker put it: beside the UNet on a GPU, else
// the CPU), else the latent->RGB projection.
//
// Previews are held to a share of the generation time (`budget`): a preview is decoded only when
// its expected cost keeps the time spent on previews within the budget of the time elapsed. In
// automatic mode a TAESD decode that does not fit falls back to the projection, which costs
// microseconds. The expected cost is the last decode's, or before the first one, the cost per
// latent pixel the worker measured when it loaded the model.
//
// On a GPU, TAESD decodes on a stream of its own (pipeline::AsyncPreview) so the denoising loop
// never waits for it: a step shows the latest preview that has finished, usually the previous
// step's, and the cost counted against the budget is the host's share only.
#include <torch/torch.h>

#include <QElapsedTimer>
#include <QImage>

#include <memory>

#include "app/worker/engine_options.h"
#include "core/pipeline/async_preview.h"
#include "core/pipeline/loaded_model.h"

namespace reverie::app {

class LivePreview {
  public:
    // The clock starts here: construct it when the job starts. `taesd_ns_per_pixel` is TAESD's
    // measured cost per latent pixel (0: unknown).
    LivePreview(pipeline::LoadedModel& model, const EngineOptions& options,
                double taesd_ns_per_pixel);

    // A preview for this step, or a null image when this step gets none. The last step never
    // gets one: the real decode follows at once.
    QImage at_step(int step, int total, const torch::Tensor& x0);

    double seconds_spent() const { return double(spent_ns_) / 1e9; }
    int count() const { return taesd_count_ + linear_count_; }
    int taesd_count() const { return taesd_count_; }
    int linear_count() const { return linear_count_; }

  private:
    QImage decode_taesd(const torch::Tensor& x0);
    QImage decode_linear(const torch::Tensor& x0);

    pipeline::LoadedModel& model_;
    PreviewMode mode_;
    bool has_taesd_;
    int interval_;
    double budget_;
    double taesd_ns_per_pixel_;
    std::unique_ptr<pipeline::AsyncPreview> gpu_taesd_;
    QElapsedTimer clock_;
    qint64 spent_ns_ = 0;
    qint64 taesd_cost_ns_ = -1;  // the last decode's, -1 before the first
    qint64 linear_cost_ns_ = 0;
    int taesd_count_ = 0;
    int linear_count_ = 0;
};

}  // namespace reverie::app
