#include "core/common/version.h"

#include <torch/torch.h>

namespace reverie {

std::string version_string() {
    std::string s = REVERIE_VERSION;
    s += " (LibTorch " TORCH_VERSION;
    s += torch::cuda::is_available() ? ", CUDA)" : ", CPU)";
    return s;
}

}  // namespace reverie
