#pragma once
// LibTorch's CPU tensors come from malloc. For the large activations of a UNet step or a VAE decode
// that leaves two bad choices on this kind of machine:
//  - glibc maps every block above its mmap threshold afresh and unmaps it on free, so each op's
//    output is first touched page by page: 1 GiB of 4 KiB page faults took 3.6 s here (0.1 s in
//    2 MiB transparent huge pages), and the SD 1.5 VAE decode at 512² ran 4× slower for it;
//  - kept in the heap instead (a high mmap threshold), the blocks are reused, but the heap
//    fragments as sizes change from level to level: the same decode then held 3.4 GB above its
//    model where 1.1 GB were live.
// This allocator serves large blocks from their own huge-page mappings and keeps freed ones for
// reuse by size: a denoising loop repeats its sizes exactly, so after the first step every large
// block is a reused one. A request the cache cannot serve gives back at least as many cached
// bytes as it maps, so the memory held stays near what is live, not the sum of every size seen.
// Small blocks still go to malloc.
#include <cstddef>

namespace reverie {

struct CpuAllocatorOptions {
    // Requests from this size up are served from mappings of their own.
    size_t large_block_bytes = size_t(2) << 20;
    // At most this much freed memory is kept for reuse; the oldest blocks go first beyond it.
    size_t cache_limit_bytes = size_t(1) << 30;
    // Ask for transparent huge pages (madvise); harmless where the kernel has them off.
    bool huge_pages = true;
};

struct CpuAllocatorStats {
    size_t mapped_bytes = 0;  // held from the system: in use plus cached
    size_t cached_bytes = 0;  // freed, kept for reuse
    size_t hits = 0;          // large requests served from the cache
    size_t misses = 0;        // large requests that needed a new mapping
};

// Makes the allocator LibTorch's CPU allocator for tensors created from now on (tensors allocated
// before keep their own deleters). Idempotent; the options of the first call stay. Returns false
// (and installs nothing) in AddressSanitizer builds, whose checks need malloc's blocks.
bool install_cpu_allocator(const CpuAllocatorOptions& options = {});
bool cpu_allocator_installed();
CpuAllocatorStats cpu_allocator_stats();
// Unmaps every cached block.
void empty_cpu_allocator_cache();

}  // namespace reverie
