#include "core/common/memory_stats.h"

#include <fstream>
#include <string>

#ifdef REVERIE_HAS_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
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

}  // namespace reverie
