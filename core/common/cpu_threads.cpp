#include "core/common/cpu_threads.h"

#include <torch/torch.h>

#include <atomic>
#include <cstdlib>
#include <thread>

namespace reverie {
namespace {

std::atomic<bool> g_chosen{false};

bool set_in_environment(const char* name) {
    const char* value = std::getenv(name);
    return value && *value;
}

}  // namespace

void choose_cpu_threads(int n) {
    if (n < 1) return;
    g_chosen = true;
    torch::set_num_threads(n);
}

bool cpu_threads_chosen() {
    return g_chosen || set_in_environment("OMP_NUM_THREADS") ||
           set_in_environment("MKL_NUM_THREADS");
}

void use_all_cores_unless_told() {
    if (cpu_threads_chosen()) return;
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    if (cores > 1 && torch::get_num_threads() < cores) torch::set_num_threads(cores);
}

}  // namespace reverie
