// AutoencoderKL::decode_tiled: the up blocks over overlapping tiles, blended with linear ramps.
#include <algorithm>
#include <vector>

#include "core/common/error.h"
#include "core/models/autoencoder_kl.h"

namespace reverie {
namespace {

// Tile origins along one axis: full-size tiles every (tile - overlap), the last one flush with
// the far edge.
std::vector<int64_t> tile_starts(int64_t size, int64_t tile, int64_t overlap) {
    if (size <= tile) return {0};
    std::vector<int64_t> starts;
    for (int64_t s = 0; s + tile < size; s += tile - overlap) starts.push_back(s);
    starts.push_back(size - tile);
    return starts;
}

// Blend weights [n] for a tile covering [begin, end) of an axis of length `size` (pixels). On each
// side that has a neighbour the weight is 0 over the outer quarter of the `overlap` pixels, rises
// linearly over the middle half and is 1 beyond: a tile's border, where zero padding has corrupted
// the decode, never shows, and two tiles overlapping by `overlap` cross-fade with weights summing
// to one. The floor keeps the normalisation away from zero.
torch::Tensor axis_weights(int64_t begin, int64_t end, int64_t size, int64_t overlap) {
    auto p = torch::arange(begin, end, torch::kFloat64) + 0.5;
    auto w = torch::ones({end - begin}, torch::kFloat64);
    const double quarter = double(overlap) / 4.0, ramp = double(overlap) / 2.0;
    if (begin > 0) w = torch::minimum(w, (p - double(begin) - quarter) / ramp);
    if (end < size) w = torch::minimum(w, (double(end) - p - quarter) / ramp);
    return w.clamp_min(1e-6).to(torch::kFloat32);
}

}  // namespace

torch::Tensor AutoencoderKLImpl::decode_tiled(const torch::Tensor& z, int64_t tile_latent,
                                              int64_t overlap) {
    if (tile_latent <= 0 || overlap < 0 || overlap >= tile_latent)
        throw Error("VAE tiling: the overlap must be smaller than the tile size");
    const int64_t h = z.size(2), w = z.size(3);
    if (h <= tile_latent && w <= tile_latent) return decode(z);

    // The mid block (with the attention over the whole latent) runs once on everything: it is
    // at latent resolution, cheap in memory, and tiling it would change what each pixel sees.
    // Only the up blocks, where the memory goes, run per tile.
    auto mid = decoder->middle(post_quant_conv(z));

    const int64_t f = config_.downscale();
    const int64_t blend = std::max<int64_t>(overlap * f, 1);
    auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(z.device());
    torch::Tensor out, weight;
    for (int64_t y : tile_starts(h, tile_latent, overlap)) {
        for (int64_t x : tile_starts(w, tile_latent, overlap)) {
            const int64_t th = std::min(tile_latent, h - y), tw = std::min(tile_latent, w - x);
            auto tile =
                decoder->upsample(mid.slice(2, y, y + th).slice(3, x, x + tw)).to(torch::kFloat32);
            if (!out.defined()) {
                out = torch::zeros({z.size(0), tile.size(1), h * f, w * f}, f32);
                weight = torch::zeros({1, 1, h * f, w * f}, f32);
            }
            auto wy = axis_weights(y * f, (y + th) * f, h * f, blend).to(z.device());
            auto wx = axis_weights(x * f, (x + tw) * f, w * f, blend).to(z.device());
            auto mask = (wy.unsqueeze(1) * wx.unsqueeze(0)).unsqueeze(0).unsqueeze(0);
            out.slice(2, y * f, (y + th) * f).slice(3, x * f, (x + tw) * f).add_(tile * mask);
            weight.slice(2, y * f, (y + th) * f).slice(3, x * f, (x + tw) * f).add_(mask);
        }
    }
    return (out / weight).to(z.scalar_type());
}

}  // namespace reverie
