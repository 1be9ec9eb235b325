#include "core/common/memory_stats.h"

#include <fstream>
#include <string>

#ifdef REVERIE_HAS_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAGuard.h>
#include <cuda_runtime_api.h>
#endif

namespace reverie {
namespace {

// Reads "Key:   12345 kB" from a /proc file; 0 when absent.
double read_kb(const char* file, const std::string& key) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, key.size(), key) == 0 && line.size() > key.size() &&
            line[key.size()] == ':')
            return std::stod(line.substr(key.size() + 1)) / 1024.0;
    }
    return 0.0;
}

}  // namespace

double peak_rss_mb() {
    return read_kb("/proc/self/status", "VmHWM");
}
double current_rss_mb() {
    return read_kb("/proc/self/status", "VmRSS");
}
double peak_gpu_mb(int device) {
#ifdef REVERIE_HAS_CUDA
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device);
    // Index 0 is the aggregate over pool kinds (StatType::AGGREGATE, which LibTorch 2.x moved to
    // another namespace).
    return double(stats.reserved_bytes[0].peak) / (1024.0 * 1024.0);
#else
    (void)device;
    return 0.0;
#endif
}
double available_memory_mb() {
    return read_kb("/proc/meminfo", "MemAvailable");
}
double available_gpu_mb(int device) {
#ifdef REVERIE_HAS_CUDA
    c10::cuda::CUDAGuard guard(static_cast<c10::DeviceIndex>(device));
    size_t free = 0, total = 0;
    if (cudaMemGetInfo(&free, &total) != cudaSuccess) return 0.0;
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device);
    const double cached =
        double(stats.reserved_bytes[0].current - stats.allocated_bytes[0].current);
    return (double(free) + cached) / (1024.0 * 1024.0);
#else
    (void)device;
    return 0.0;
#endif
}
bool reset_peak_rss() {
    // "5" resets VmHWM to the current RSS (Linux 4.0+, proc(5)).
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return bool(out);
}

}  // namespace reverie
