// reverie-cli info MODEL: what Reverie sees in a model, without loading any weights.
#include <chrono>
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/common/error.h"
#include "core/io/checkpoint.h"

namespace reverie::cli {

namespace {

std::string join(const std::set<std::string>& s) {
    std::string out;
    for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
    return out;
}

}  // namespace

int cmd_info(const CommandArgs& argv) {
    Args args(argv, {}, {});
    if (args.positional().size() != 1) throw Error("usage: reverie-cli info MODEL");
    const auto t0 = std::chrono::steady_clock::now();
    auto cp = io::Checkpoint::open(args.positional()[0]);
    const auto& d = cp->description();
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

    std::printf("model:       %s\n", d.path.c_str());
    std::printf("family:      %s%s\n", io::to_string(d.family).c_str(),
                d.inpainting ? " inpainting" : "");
    std::printf("layout:      %s\n", io::to_string(d.layout).c_str());
    std::printf("config:      %s\n", d.config_origin.c_str());
    std::printf(
        "prediction:  %s%s\n", io::to_string(d.prediction).c_str(),
        d.prediction_guessed ? " (assumed: add an LDM .yaml beside the file to be sure)" : "");
    std::printf("unet input:  %d channels\n", d.unet_in_channels);
    const auto text_line = [](const char* label, const ClipTextConfig& t, int pad_id) {
        std::printf("%-12s %d layers, width %d, %d heads, %s, pad id %d", label, t.num_layers,
                    t.hidden_size, t.num_heads, to_string(t.activation).c_str(), pad_id);
        if (t.projection_dim > 0) std::printf(", projection %d", t.projection_dim);
        std::printf("\n");
    };
    if (d.has(io::Component::TextEncoder)) text_line("text:", d.text, d.tokenizer.pad_id);
    if (d.has(io::Component::TextEncoder2)) text_line("text 2:", d.text_2, d.tokenizer_2.pad_id);
    const auto& vocab = d.has(io::Component::TextEncoder) ? d.tokenizer.vocab : d.tokenizer_2.vocab;
    std::printf("vocabulary:  %s\n", vocab.empty()
                                         ? "NOT FOUND (needed to generate; see README: assets)"
                                         : vocab.c_str());
    std::printf("vae scale:   %g\n", d.vae_scaling_factor);
    if (io::is_sdxl(d.family))
        // SDXL's VAE overflows to NaN (a black picture) when decoding in fp16; Reverie keeps every
        // VAE in fp32 unless told otherwise, so no fp16-fixed VAE is needed.
        std::printf("vae decode:  fp32 (SDXL's VAE overflows in fp16)\n");
    if (d.zero_terminal_snr) std::printf("schedule:    zero terminal SNR (rescaled betas)\n");
    std::printf("%-15s %14s  %s\n", "component", "parameters", "stored dtypes");
    for (auto c : d.components)
        std::printf("%-15s %14lld  %s\n", io::component_key(c).c_str(),
                    static_cast<long long>(cp->parameter_count(c)), join(cp->dtypes(c)).c_str());
    std::printf("opened in %.1f ms\n", ms);
    return 0;
}

}  // namespace reverie::cli
