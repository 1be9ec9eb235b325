#pragma once
// The weight change an adapter module makes, as AUTOMATIC1111
// (extensions-builtin/Lora/network_*.py) and ComfyUI (comfy/weight_adapter/*.py) compute it. Both
// agree:
//
//   W' = W + s · scale · updown                    (s: the user's multiplier)
//
//   kind  updown                                    scale
//   LoRA  up.flatten(1) @ down.flatten(1)           alpha / rank(down)      (no alpha: 1)
//         lora_mid (Tucker): Σ mid[n,m,k,l] up[i,n] down[m,j]
//   LoHa  (w1_a @ w1_b) ⊙ (w2_a @ w2_b)             alpha / rank(w1_b)
//         hada_t1/t2 (Tucker): Σ t[i,j,k,l] b[j,r] a[i,p]  for each factor
//   LoKr  kron(w1, w2), w1 = lokr_w1 | w1_a @ w1_b  alpha / rank(w2_b), else rank(w1_b),
//         w2 = lokr_w2 | w2_a @ w2_b | Tucker(t2)   both full: 1 (alpha ignored)
//   diff  diff                                      1
//
// DoRA (`dora_scale`): V = W + scale·updown is renormalised to V · dora_scale / ‖V‖ (norms per
// input column for dora_scale [1, in, …], per output row for [out, 1, …]; ComfyUI's float32
// epsilon added), and W' = W + s · (V' − W).
//
// Everything is float32: updown first, then the scalars (README of the goldens: merging in another
// order changes the rounding).
#include <torch/torch.h>

#include "core/adapters/adapter_file.h"

namespace reverie::adapters {

// scale · updown in float32, shaped as `weight_shape`. Throws reverie::Error naming the module and
// both shapes when the product does not fit the weight.
torch::Tensor scaled_updown(const AdapterModule& m, c10::IntArrayRef weight_shape);

// alpha / rank by the rules above.
double adapter_scale(const AdapterModule& m);

// W' in float32 for multiplier `s` (`weight`: the current weight, any dtype).
torch::Tensor merged_weight(const torch::Tensor& weight, const AdapterModule& m, double s);

// W' for multiplier `s` written into `out` (weight's shape, any dtype and layout; may be `weight`
// itself): merged_weight(weight, m, s) cast to out's dtype, bit for bit. For a plain LoRA (no
// lora_mid, no dora_scale) on the CPU only up·down is made whole (float32); the rest runs a block
// of rows at a time over torch's threads, so no float32 copy of the weight exists: the weight is
// read once and `out` written once. Other kinds go through merged_weight.
void merge_into(const torch::Tensor& weight, const AdapterModule& m, double s, torch::Tensor out);

}  // namespace reverie::adapters
