#pragma once
// Everything a UNet call is conditioned on, as one value (stable-diffusion.cpp's SDCondition,
// diffusers' encoder_hidden_states + added_cond_kwargs + concatenated inpainting channels):
//   - context: what cross-attention reads, token by token;
//   - vector:  SDXL's "y" — the pooled text embedding followed by the Fourier features of the size,
//              crop (and, for the refiner, aesthetic score) conditioning, fed to add_embedding and
//              added to the timestep embedding;
//   - concat:  channels appended to the latent (the 9-channel inpainting UNet's mask and masked
//              image latent);
//   - down_residuals / mid_residual: ControlNet's, added to the UNet's skip connections and to its
//              mid block's output (diffusers' down_block_additional_residuals /
//              mid_block_additional_residual), summed over the units.
// Classifier-free guidance batches two of them, the CUDA-graph wrapper flattens one into its
// input list, and every later conditioning (ControlNet residuals) joins here, not beside it.
#include <torch/torch.h>

#include <vector>

namespace reverie {

struct Conditioning {
    torch::Tensor context;  // [B, tokens, cross_attention_dim]
    torch::Tensor vector;   // [B, adm_in_channels] or undefined
    torch::Tensor concat;   // [B, C, h, w] or undefined
    std::vector<torch::Tensor> down_residuals;  // one per skip connection, or none
    torch::Tensor mid_residual;                 // defined with down_residuals

    // Guidance's batch: the unconditional rows first, then the conditional ones (diffusers'
    // order), every defined field concatenated along the batch.
    static Conditioning batch(const Conditioning& uncond, const Conditioning& cond) {
        Conditioning out;
        out.context = torch::cat({uncond.context, cond.context});
        if (cond.vector.defined()) out.vector = torch::cat({uncond.vector, cond.vector});
        if (cond.concat.defined()) out.concat = torch::cat({uncond.concat, cond.concat});
        for (size_t i = 0; i < cond.down_residuals.size(); ++i)
            out.down_residuals.push_back(
                torch::cat({uncond.down_residuals.at(i), cond.down_residuals[i]}));
        if (cond.mid_residual.defined())
            out.mid_residual = torch::cat({uncond.mid_residual, cond.mid_residual});
        return out;
    }

    // The same conditioning with every tensor on `device` in `dtype`.
    Conditioning to(torch::Device device, torch::ScalarType dtype) const {
        Conditioning out;
        out.context = context.to(device, dtype);
        if (vector.defined()) out.vector = vector.to(device, dtype);
        if (concat.defined()) out.concat = concat.to(device, dtype);
        for (const auto& r : down_residuals) out.down_residuals.push_back(r.to(device, dtype));
        if (mid_residual.defined()) out.mid_residual = mid_residual.to(device, dtype);
        return out;
    }

    // A flat tensor list (context, then vector and concat where defined, then the down residuals
    // and the mid one) for GraphedCall, and back; `has_vector` / `has_concat` say whether those
    // entries are there, whatever follows them is the residuals.
    std::vector<torch::Tensor> flatten() const {
        std::vector<torch::Tensor> out{context};
        if (vector.defined()) out.push_back(vector);
        if (concat.defined()) out.push_back(concat);
        if (mid_residual.defined()) {
            out.insert(out.end(), down_residuals.begin(), down_residuals.end());
            out.push_back(mid_residual);
        }
        return out;
    }
    static Conditioning unflatten(const std::vector<torch::Tensor>& in, size_t first,
                                  bool has_vector, bool has_concat) {
        Conditioning c;
        size_t i = first;
        c.context = in.at(i++);
        if (has_vector) c.vector = in.at(i++);
        if (has_concat) c.concat = in.at(i++);
        if (i < in.size()) {
            c.down_residuals.assign(in.begin() + long(i), in.end() - 1);
            c.mid_residual = in.back();
        }
        return c;
    }
};

}  // namespace reverie
