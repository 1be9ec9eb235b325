#pragma once
// Process memory figures for benchmarks and "will it fit" estimates.
#include <cstdint>
#include <string>

namespace reverie {

// Peak resident set size of this process so far, in MiB (VmHWM).
double peak_rss_mb();
// Current resident set size in MiB (VmRSS).
double current_rss_mb();
// Peak GPU memory held by LibTorch's caching allocator on `device`, in MiB, since the process
// started; 0 without CUDA.
double peak_gpu_mb(int device = 0);
// Memory the OS could still give this process, in MiB: MemAvailable, or less where a control
// group's memory limit (containers, systemd slices, Flatpak) leaves less.
double available_memory_mb();
// What the memory limits of this process's control groups leave, in MiB: for the group and each
// ancestor with a limit (cgroup v2 memory.max, v1 memory.limit_in_bytes), its limit minus its
// usage plus its inactive page cache (reclaimed before the OOM killer acts); the smallest one.
// Infinity where no group has a limit. `self_cgroup` is /proc/self/cgroup's text; `root` where
// the hierarchy is mounted.
double cgroup_headroom_mb(const std::string& root = "/sys/fs/cgroup",
                          const std::string& self_cgroup_file = "/proc/self/cgroup");
// Memory a CUDA device could still give, in MiB: free on the device plus what LibTorch's caching
// allocator holds unused. 0 without CUDA.
double available_gpu_mb(int device = 0);
// Starts the peak (VmHWM) over from the current RSS, so one stage's peak can be measured.
// Returns false where the kernel does not allow it.
bool reset_peak_rss();

}  // namespace reverie
