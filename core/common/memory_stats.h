#pragma once
// Process memory figures for benchmarks and "will it fit" estimates.
#include <cstdint>

namespace reverie {

// Peak resident set size of this process so far, in MiB (VmHWM).
double peak_rss_mb();
// Current resident set size in MiB (VmRSS).
double current_rss_mb();
// Peak GPU memory held by LibTorch's caching allocator on `device`, in MiB, since the process
// started; 0 without CUDA.
double peak_gpu_mb(int device = 0);
// Memory the OS could still give this process, in MiB (MemAvailable).
double available_memory_mb();
// Memory a CUDA device could still give, in MiB: free on the device plus what LibTorch's caching
// allocator holds unused. 0 without CUDA.
double available_gpu_mb(int device = 0);
// Starts the peak (VmHWM) over from the current RSS, so one stage's peak can be measured.
// Returns false where the kernel does not allow it.
bool reset_peak_rss();

}  // namespace reverie
