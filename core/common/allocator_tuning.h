#pragma once
// glibc's malloc hands every block over its (adaptive, ≤ 32 MB) mmap threshold back to the kernel
// on free, so a step loop that allocates the same large activations again and again spends much
// of its time in page faults (a quarter of a training step here, measured with perf). Keeping
// big blocks in the heap makes them reusable.
#include <cstddef>

namespace reverie {

// Blocks up to `mmap_threshold` bytes come from the heap; free memory at the top of the heap is
// returned to the system only beyond `trim_threshold`.
void tune_allocator(size_t mmap_threshold = size_t(512) << 20, size_t trim_threshold = size_t(1)
                                                                                       << 30);

}  // namespace reverie
