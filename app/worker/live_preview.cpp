#include "app/worker/live_preview.h"

#include "app/worker/qt_image_bridge.h"
#include "core/image/latent_preview.h"

namespace reverie::app {

namespace {

qint64 timed(QElapsedTimer& t) {
    const qint64 ns = t.nsecsElapsed();
    return ns > 0 ? ns : 1;
}

}  // namespace

LivePreview::LivePreview(pipeline::LoadedModel& model, const EngineOptions& options,
                         double taesd_ns_per_pixel)
    : model_(model),
      mode_(options.preview),
      has_taesd_(model.taesd.has_value()),
      interval_(std::max(1, options.preview_interval)),
      budget_(options.preview_budget),
      taesd_ns_per_pixel_(taesd_ns_per_pixel) {
    if (has_taesd_ && (*model.taesd)->parameters().front().is_cuda())
        gpu_taesd_ = std::make_unique<pipeline::AsyncPreview>(
            [&model](const torch::Tensor& latent) { return model.run_taesd(latent); });
    clock_.start();
}

QImage LivePreview::at_step(int step, int total, const torch::Tensor& x0) {
    if (mode_ == PreviewMode::Off || step >= total || step % interval_ != 0) return {};
    const double allowance = budget_ * double(clock_.nsecsElapsed()) - double(spent_ns_);
    const bool wantTaesd =
        has_taesd_ && (mode_ == PreviewMode::Auto || mode_ == PreviewMode::Taesd);
    if (wantTaesd) {
        const double expected = taesd_cost_ns_ >= 0
                                    ? double(taesd_cost_ns_)
                                    : taesd_ns_per_pixel_ * double(x0.size(-1) * x0.size(-2));
        if (expected <= allowance) return decode_taesd(x0);
        if (mode_ == PreviewMode::Taesd) return {};
    }
    if (double(linear_cost_ns_) <= allowance) return decode_linear(x0);
    return {};
}

QImage LivePreview::decode_taesd(const torch::Tensor& x0) {
    QElapsedTimer t;
    t.start();
    TaesdDecoder& taesd = *model_.taesd;
    const torch::Tensor weight = taesd->parameters().front();
    // TAESD takes the diffusion-space latent as the sampler holds it (no ÷ scaling factor).
    const torch::Tensor latent = x0.detach().to(weight.device(), weight.scalar_type());
    image::Rgb8Image rgb;
    if (gpu_taesd_) {
        gpu_taesd_->submit(latent);
        rgb = gpu_taesd_->take();
    } else {
        rgb = image::image01_to_rgb8(model_.run_taesd(latent));
    }
    QImage out = rgb.width > 0 ? to_qimage(rgb) : QImage();
    taesd_cost_ns_ = timed(t);
    spent_ns_ += taesd_cost_ns_;
    taesd_count_ += out.isNull() ? 0 : 1;
    return out;
}

QImage LivePreview::decode_linear(const torch::Tensor& x0) {
    QElapsedTimer t;
    t.start();
    const QImage small = to_qimage(image::latent_to_rgb8(
        x0.detach().to(torch::kCPU, torch::kFloat32), model_.latent_projection));
    // At the final image's size, so the canvas does not change geometry when the result lands.
    const int scale = int(model_.vae->config().downscale());
    QImage out = small.scaled(small.width() * scale, small.height() * scale, Qt::IgnoreAspectRatio,
                              Qt::SmoothTransformation);
    linear_cost_ns_ = timed(t);
    spent_ns_ += linear_cost_ns_;
    ++linear_count_;
    return out;
}

}  // namespace reverie::app
