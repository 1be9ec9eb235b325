#pragma once
// A sampler owns the denoising loop of one diffusers scheduler (same timesteps, same arithmetic,
// same order of random draws) but never sees the UNet: it calls a Denoiser with the already scaled
// model input and the timestep to give the UNet, and gets back the raw model output (epsilon or v;
// classifier-free guidance lives inside the Denoiser).
#include <torch/torch.h>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "core/sampling/scheduler_config.h"
#include "core/sampling/train_schedule.h"

namespace reverie::sampling {

using Denoiser =
    std::function<torch::Tensor(const torch::Tensor& model_input, const torch::Tensor& timestep)>;

struct StepInfo {
    int step = 0;            // index into timesteps() of the step just taken
    int total = 0;           // timesteps().size(0)
    torch::Tensor timestep;  // the timestep the model saw
    torch::Tensor sample;    // the latent after the step (after SamplerCallbacks::after_step)
    torch::Tensor denoised;  // the predicted clean latent x0, for previews
};

struct SamplerCallbacks {
    std::function<void(const StepInfo&)> on_step;
    // Replaces the latent right after step `step`, before anything else sees it: inpainting by mask
    // blending re-noises the known region here (diffusers: init_latents_proper =
    // scheduler.add_noise(init, noise, timesteps[step + 1]), then blends). Internal solver state
    // (previous model outputs, Heun's stored sample) is not touched, as in diffusers.
    std::function<torch::Tensor(int step, const torch::Tensor& sample)> after_step;
    // Checked before every model call; when set, sample() throws reverie::Cancelled.
    const std::atomic<bool>* cancel = nullptr;
};

// Where img2img / inpainting with a strength starts (StableDiffusionImg2ImgPipeline.get_timesteps).
struct StrengthStart {
    int start_index = 0;     // first index into timesteps() to run (t_start * order)
    int num_steps = 0;       // inference steps left (num_inference_steps - t_start)
    torch::Tensor timestep;  // timesteps()[start_index]: the noise level of the initial latent
};

class Sampler {
  public:
    virtual ~Sampler();

    const std::string& name() const { return name_; }
    const SchedulerConfig& config() const { return config_; }
    const TrainSchedule& train_schedule() const { return schedule_; }
    // Timesteps per model call, as many as diffusers lists (PNDM repeats one, Heun doubles them).
    virtual void set_timesteps(int num_inference_steps) = 0;
    int num_inference_steps() const { return num_inference_steps_; }
    // In diffusers' dtype: int64 for DDIM, PNDM, DPM++, UniPC and LCM, float for the Euler family.
    const torch::Tensor& timesteps() const { return timesteps_; }
    // float32, one more than timesteps() (the final level); undefined where diffusers has none
    // (DDIM, PNDM, LCM).
    const torch::Tensor& sigmas() const { return sigmas_; }
    // What the initial Gaussian noise is multiplied by.
    virtual double init_noise_sigma() const { return 1.0; }
    // Model calls per inference step in diffusers' terms (2 for Heun).
    int order() const { return order_; }

    StrengthStart start_for_strength(double strength) const;
    // `original` noised to the level of timesteps()[step_index] (diffusers' add_noise for that
    // timestep). Indices past the end give the last level.
    virtual torch::Tensor add_noise(const torch::Tensor& original, const torch::Tensor& noise,
                                    int step_index) const;

    // Runs steps [start_index, end) from `x` (noise * init_noise_sigma(), or a latent noised with
    // add_noise(..., start_index)). Ancestral and SDE noise come from `noise_generator` (the global
    // CPU generator when null), drawn on the CPU in diffusers' order and moved to x's device.
    torch::Tensor sample(const Denoiser& denoiser, torch::Tensor x, at::Generator* noise_generator,
                         const SamplerCallbacks& callbacks = {}, int start_index = 0);

  protected:
    struct StepOutput {
        torch::Tensor prev_sample;
        torch::Tensor denoised;
    };

    Sampler(std::string name, const SchedulerConfig& config, int order = 1);

    // Clears multistep state before a run that starts at `start_index`.
    virtual void begin(int start_index) = 0;
    virtual torch::Tensor scale_model_input(const torch::Tensor& x, int index) const { return x; }
    virtual StepOutput step(const torch::Tensor& model_output, int index, const torch::Tensor& x,
                            at::Generator* generator) = 0;

    // Helpers shared by the samplers.
    void check_steps(int num_inference_steps) const;
    std::string spacing_or(const char* class_default) const;
    float alpha_cumprod(int64_t t) const { return alphas_cumprod_[size_t(t)]; }
    float sigma(int index) const { return sigma_values_[size_t(index)]; }
    int64_t timestep_int(int index) const;
    bool v_prediction() const { return config_.prediction_type == "v_prediction"; }
    void set_sigmas(torch::Tensor sigmas);
    // x0 from an epsilon / v output at a DDPM timestep (for previews of samplers that keep no x0).
    torch::Tensor ddpm_x0(const torch::Tensor& model_output, int64_t t,
                          const torch::Tensor& x) const;

    std::string name_;
    SchedulerConfig config_;
    TrainSchedule schedule_;
    std::vector<float> alphas_cumprod_;
    torch::Tensor timesteps_;
    torch::Tensor sigmas_;
    std::vector<float> sigma_values_;
    int num_inference_steps_ = 0;
    int order_ = 1;
};

}  // namespace reverie::sampling
