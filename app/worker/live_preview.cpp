#include "app/worker/live_preview.h"

#include "app/worker/qt_image_bridge.h"
#include "core/image/latent_preview.h"

namespace reverie::app {

LivePreview::LivePreview(pipeline::LoadedModel& model, PreviewMode mode, int interval)
    : model_(model),
      off_(mode == PreviewMode::Off),
      taesd_((mode == PreviewMode::Auto || mode == PreviewMode::Taesd) && model.taesd.has_value()),
      interval_(std::max(1, interval)) {
    clock_.start();
}

QImage LivePreview::at_step(int step, int total, const torch::Tensor& x0) {
    if (off_ || step >= total || step % interval_ != 0) return {};
    // The first preview is always shown; after it, the budget decides.
    if (count_ > 0 && double(spent_ns_ + last_cost_ns_) > kPreviewBudget * clock_.nsecsElapsed())
        return {};
    QElapsedTimer t;
    t.start();
    QImage image = decode(x0);
    last_cost_ns_ = t.nsecsElapsed();
    spent_ns_ += last_cost_ns_;
    ++count_;
    return image;
}

QImage LivePreview::decode(const torch::Tensor& x0) const {
    if (taesd_) {
        TaesdDecoder& taesd = *model_.taesd;
        const torch::Device where = taesd->parameters().front().device();
        // TAESD takes the diffusion-space latent as the sampler holds it (no ÷ scaling factor).
        const torch::Tensor image = taesd->forward(x0.detach().to(where, torch::kFloat32));
        return to_qimage(image::image01_to_rgb8(image));
    }
    const torch::Tensor latent = x0.detach().to(torch::kCPU, torch::kFloat32);
    const QImage small = to_qimage(image::latent_to_rgb8(latent, model_.latent_projection));
    // At the final image's size, so the canvas does not change geometry when the result lands.
    const int scale = int(model_.vae->config().downscale());
    return small.scaled(small.width() * scale, small.height() * scale, Qt::IgnoreAspectRatio,
                        Qt::SmoothTransformation);
}

}  // namespace reverie::app
