#include "core/adapters/weight_delta.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <limits>
#include <sstream>

#include "core/common/error.h"

namespace reverie::adapters {

namespace {

using torch::Tensor;

std::string shape_str(c10::IntArrayRef s) {
    std::ostringstream os;
    os << s;
    return os.str();
}

// A Tucker core between two factors: Σ core[i,j,k,l] b[j,r] a[i,p] -> [p, r, k, l] (LyCORIS'
// make_weight_cp; `a` is stored [rank, out], `b` [rank, in]).
Tensor tucker(const Tensor& core, const Tensor& a, const Tensor& b) {
    return torch::einsum("ijkl,jr,ip->prkl", {core, b.flatten(1), a.flatten(1)});
}

Tensor lora_updown(const AdapterModule& m) {
    const Tensor up = m.get("lora_up.weight").flatten(1);
    const Tensor down = m.get("lora_down.weight");
    if (m.has("lora_mid.weight"))
        return torch::einsum("nmkl,in,mj->ijkl", {m.get("lora_mid.weight"), up, down.flatten(1)});
    return up.mm(down.flatten(1));
}

Tensor loha_factor(const AdapterModule& m, const std::string& w, const std::string& t) {
    if (m.has(t)) return tucker(m.get(t), m.get(w + "_a"), m.get(w + "_b"));
    return m.get(w + "_a").flatten(1).mm(m.get(w + "_b").flatten(1));
}

Tensor lokr_updown(const AdapterModule& m) {
    Tensor w1 = m.has("lokr_w1") ? m.get("lokr_w1")
                                 : m.get("lokr_w1_a").flatten(1).mm(m.get("lokr_w1_b").flatten(1));
    Tensor w2;
    if (m.has("lokr_w2"))
        w2 = m.get("lokr_w2");
    else if (m.has("lokr_t2"))
        w2 = tucker(m.get("lokr_t2"), m.get("lokr_w2_a"), m.get("lokr_w2_b"));
    else
        w2 = m.get("lokr_w2_a").flatten(1).mm(m.get("lokr_w2_b").flatten(1));
    if (w1.dim() != 2 || (w2.dim() != 2 && w2.dim() != 4))
        throw Error("adapter module '" + m.name + "': LoKr factors of shapes " +
                    shape_str(w1.sizes()) + " and " + shape_str(w2.sizes()) +
                    " cannot form a weight");
    if (w2.dim() == 4) w1 = w1.unsqueeze(2).unsqueeze(2);
    // LibTorch 1.13's kron views its inputs: an einsum result (Tucker) is not viewable as is.
    return torch::kron(w1.contiguous(), w2.contiguous());
}

Tensor updown(const AdapterModule& m) {
    switch (m.kind) {
        case AdapterKind::LoRA:
            return lora_updown(m);
        case AdapterKind::LoHa:
            return loha_factor(m, "hada_w1", "hada_t1") * loha_factor(m, "hada_w2", "hada_t2");
        case AdapterKind::LoKr:
            return lokr_updown(m);
        case AdapterKind::Full:
            return m.get("diff");
    }
    throw Error("adapter module '" + m.name + "': unknown kind");
}

// ‖V‖ along the axis dora_scale says, broadcastable to V, plus ComfyUI's epsilon.
Tensor dora_norm(const Tensor& v, const Tensor& dora_scale) {
    std::vector<int64_t> ones(size_t(v.dim() - 1), 1);
    Tensor norm;
    if (dora_scale.size(0) == v.size(0) && dora_scale.size(0) != 1) {
        std::vector<int64_t> shape{v.size(0)};
        shape.insert(shape.end(), ones.begin(), ones.end());
        norm = v.reshape({v.size(0), -1}).pow(2).sum(1, true).sqrt().reshape(shape);
    } else {
        std::vector<int64_t> shape{v.size(1)};
        shape.insert(shape.end(), ones.begin(), ones.end());
        norm = v.transpose(0, 1).reshape({v.size(1), -1}).pow(2).sum(1, true).sqrt();
        norm = norm.reshape(shape).transpose(0, 1);
    }
    return norm + std::numeric_limits<float>::epsilon();
}

}  // namespace

double adapter_scale(const AdapterModule& m) {
    const int64_t rank = m.rank();
    if (!m.alpha || rank <= 0) return 1.0;
    return *m.alpha / double(rank);
}

Tensor scaled_updown(const AdapterModule& m, c10::IntArrayRef weight_shape) {
    Tensor d = updown(m);
    int64_t numel = 1;
    for (int64_t n : weight_shape) numel *= n;
    if (d.numel() != numel)
        throw Error("adapter module '" + m.name + "' (" + to_string(m.kind) +
                    ") makes a delta of " + shape_str(d.sizes()) + " for a weight of " +
                    shape_str(weight_shape) + " (an adapter for another model?)");
    return d.reshape(weight_shape) * adapter_scale(m);
}

Tensor merged_weight(const Tensor& weight, const AdapterModule& m, double s) {
    const Tensor w = weight.to(torch::kFloat32);
    const Tensor delta = scaled_updown(m, w.sizes()).to(w.device());
    if (!m.has("dora_scale")) return w + delta * s;
    const Tensor dora_scale = m.get("dora_scale").to(w.device());
    if (dora_scale.numel() != (dora_scale.size(0) == w.size(0) ? w.size(0) : w.size(1)))
        throw Error("adapter module '" + m.name + "' has a dora_scale of " +
                    shape_str(dora_scale.sizes()) + " for a weight of " + shape_str(w.sizes()));
    Tensor v = w + delta;
    const Tensor norm = dora_norm(v, dora_scale);
    v = v * (dora_scale.reshape(norm.sizes()) / norm);
    return w + (v - w) * s;
}

namespace {

// Rows merged at a time: this many float32 elements per block (512 KiB), so a block's delta, its
// weight rows and their sum stay in a core's L2 cache.
constexpr int64_t kBlockElements = int64_t(1) << 17;

// Whether m is up [out, r] · down [r, in…] and fits a weight of `shape` row for row.
bool is_row_lora(const AdapterModule& m, c10::IntArrayRef shape) {
    if (m.kind != AdapterKind::LoRA || m.has("lora_mid.weight") || m.has("dora_scale"))
        return false;
    if (shape.empty() || shape[0] == 0) return false;
    const auto& up = m.parts.at("lora_up.weight");
    const auto& down = m.parts.at("lora_down.weight");
    int64_t cols = 1, down_cols = 1;
    for (size_t i = 1; i < shape.size(); ++i) cols *= shape[i];
    for (int64_t i = 1; i < down.dim(); ++i) down_cols *= down.size(i);
    return up.dim() >= 2 && up.size(0) == shape[0] && down_cols == cols;
}

}  // namespace

void merge_into(const Tensor& weight, const AdapterModule& m, double s, Tensor out) {
    if (out.sizes() != weight.sizes())
        throw Error("internal: a merge target's shape differs from the weight's");
    // On a GPU the whole weight at once: a float32 copy is small beside the device's memory, and
    // blocks would only add kernel launches.
    if (!weight.device().is_cpu() || !is_row_lora(m, weight.sizes())) {
        out.copy_(merged_weight(weight, m, s));
        return;
    }
    // The same operations as scaled_updown and merged_weight, in the same order: (up·down) ·
    // scale · s + W, all float32, then cast; all but the product a block of rows at a time.
    // Element by element, so the numbers are those of the whole-weight version.
    const Tensor up = m.get("lora_up.weight").flatten(1).contiguous();
    const Tensor down = m.get("lora_down.weight").flatten(1).contiguous();
    const double scale = adapter_scale(m);
    const int64_t rows = weight.size(0), cols = down.size(1);
    const int64_t block = std::max<int64_t>(1, kBlockElements / std::max<int64_t>(cols, 1));
    // The product of the whole weight at once, as scaled_updown makes it: BLAS results depend
    // on the problem's shape (and thread count), so the same call keeps the numbers the same.
    const Tensor product = up.mm(down);
    auto merge_rows = [&](int64_t begin, int64_t end) {
        c10::InferenceMode guard;  // torch's worker threads start outside it; the weights need it
        Tensor w = torch::empty({std::min(block, end - begin), cols},
                                weight.options().dtype(torch::kFloat32));
        for (int64_t r = begin; r < end; r += block) {
            const int64_t n = std::min(block, end - r);
            Tensor d = product.narrow(0, r, n), w_rows = w.narrow(0, 0, n);
            d.mul_(scale);
            d.mul_(s);
            const Tensor live_rows = weight.narrow(0, r, n);
            w_rows.view(live_rows.sizes()).copy_(live_rows);
            w_rows.add_(d);
            out.narrow(0, r, n).copy_(w_rows.view(live_rows.sizes()));
        }
    };
    at::parallel_for(0, rows, block, merge_rows);
}

}  // namespace reverie::adapters
