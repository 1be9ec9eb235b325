#pragma once
// Memory allocation for the executables, set up once at start-up:
//  - LibTorch's large CPU blocks come from Reverie's block cache (cpu_allocator.h);
//  - glibc's malloc, which serves everything else (small tensors, images, Qt), keeps blocks up to
//    `mmap_threshold` in its heap and returns free memory at the top of the heap only beyond
//    `trim_threshold`: mapping and unmapping each block anew costs page faults, a quarter of a
//    training step of the built-in model before this (measured with perf).
// REVERIE_CPU_ALLOCATOR=malloc leaves LibTorch on malloc (for comparisons and as a way out).
#include <cstddef>

namespace reverie {

void tune_allocator(size_t mmap_threshold = size_t(512) << 20, size_t trim_threshold = size_t(1)
                                                                                       << 30);

}  // namespace reverie
