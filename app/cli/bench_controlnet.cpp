#include "app/cli/bench_controlnet.h"

#include <cstdio>

#include "core/models/controlnet.h"
#include "core/models/device_tuning.h"

namespace reverie::cli {

void bench_controlnet(nlohmann::ordered_json& r, UNet2DConditionModel& unet, GraphedCall& unet_call,
                      const torch::Tensor& x, const torch::Tensor& t, const Conditioning& cond,
                      double plain_step_ms,
                      const std::function<double(std::function<void()>)>& time) {
    ControlNetConfig config;
    config.unet = unet->config();
    config.unet.in_channels = 4;
    ControlNetModel net(config);
    net->to(x.device(), x.scalar_type());
    tune_layout(*net, x.device());
    net->eval();
    const torch::Tensor latent = x.narrow(1, 0, 4);
    const torch::Tensor hint =
        torch::rand({x.size(0), 3, x.size(2) * 8, x.size(3) * 8}, x.options());
    auto with_residuals = [&] {
        ControlResiduals res = net->forward(latent, t, cond, hint, {1.0});
        std::vector<torch::Tensor> in{x, t};
        Conditioning c = cond;
        c.down_residuals = std::move(res.down);
        c.mid_residual = res.mid;
        for (auto& v : c.flatten()) in.push_back(v);
        unet_call(in);
    };
    r["controlnet_ms"] = time([&] { net->forward(latent, t, cond, hint, {1.0}); });
    r["unet_step_controlnet_ms"] = time(with_residuals);
    r["controlnet_cost_pct"] =
        100.0 * (r["unet_step_controlnet_ms"].get<double>() - plain_step_ms) / plain_step_ms;
}

void print_bench_controlnet(const nlohmann::ordered_json& r) {
    if (!r.contains("controlnet_ms")) return;
    std::printf("  %-34s %12.1f ms\n", "ControlNet (batch 2)", r["controlnet_ms"].get<double>());
    std::printf("  %-34s %12.1f ms (+%.0f %%)\n", "guided step with one ControlNet",
                r["unet_step_controlnet_ms"].get<double>(), r["controlnet_cost_pct"].get<double>());
}

}  // namespace reverie::cli
