#include "core/common/memory_stats.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
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

// The first whitespace-separated number in `file`; -1 when absent or not a number ("max").
double read_number(const std::filesystem::path& file) {
    std::ifstream in(file);
    double v = -1;
    if (!(in >> v)) return -1;
    return v;
}

// "key value" lines (memory.stat); 0 when absent.
double read_stat(const std::filesystem::path& file, const std::string& key) {
    std::ifstream in(file);
    std::string k;
    double v = 0;
    while (in >> k >> v)
        if (k == key) return v;
    return 0;
}

struct CgroupFiles {
    const char *limit, *usage, *inactive;
};

// Headroom of `group` and its ancestors up to `mount`, in bytes (infinity without a limit).
double headroom_bytes(const std::filesystem::path& mount, const std::string& group,
                      const CgroupFiles& f) {
    namespace fs = std::filesystem;
    fs::path rel = fs::path(group).relative_path();
    // In a container the hierarchy is often mounted at the group itself, so the path that
    // /proc/self/cgroup names does not exist under it.
    std::error_code ec;
    if (!fs::exists(mount / rel, ec)) rel.clear();
    double best = std::numeric_limits<double>::infinity();
    for (;;) {
        const fs::path dir = mount / rel;
        const double limit = read_number(dir / f.limit);
        // v1 writes "no limit" as a page-rounded 2^63.
        if (limit >= 0 && limit < 1e18) {
            const double usage = std::max(0.0, read_number(dir / f.usage));
            best = std::min(best, limit - usage + read_stat(dir / "memory.stat", f.inactive));
        }
        if (rel.empty()) break;
        rel = rel.parent_path();
    }
    return best;
}

}  // namespace

double cgroup_headroom_mb(const std::string& root, const std::string& self_cgroup_file) {
    std::ifstream in(self_cgroup_file);
    std::string line;
    double best = std::numeric_limits<double>::infinity();
    while (std::getline(in, line)) {
        // "hierarchy-ID:controllers:path"; v2 is "0::path", v1's memory controller "N:memory:path".
        const auto a = line.find(':'), b = line.find(':', a + 1);
        if (a == std::string::npos || b == std::string::npos) continue;
        const std::string controllers = line.substr(a + 1, b - a - 1), path = line.substr(b + 1);
        std::stringstream list(controllers);
        std::string c;
        bool memory = false;
        while (std::getline(list, c, ',')) memory |= c == "memory";
        if (controllers.empty() && line.compare(0, a, "0") == 0)
            best = std::min(
                best,
                headroom_bytes(root, path, {"memory.max", "memory.current", "inactive_file"}));
        else if (memory)
            best = std::min(best, headroom_bytes(std::filesystem::path(root) / "memory", path,
                                                 {"memory.limit_in_bytes", "memory.usage_in_bytes",
                                                  "total_inactive_file"}));
    }
    return std::max(0.0, best) / (1024.0 * 1024.0);
}

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
    return std::min(read_kb("/proc/meminfo", "MemAvailable"), cgroup_headroom_mb());
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
