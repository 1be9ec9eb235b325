#include "core/common/cpu_allocator.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/util/Exception.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <unordered_map>

#if defined(__SANITIZE_ADDRESS__)
#define REVERIE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REVERIE_ASAN 1
#endif
#endif

namespace reverie {
namespace {

constexpr size_t kHugePage = size_t(2) << 20;

// Sizes are kept in steps of 64 KiB below 16 MiB and of whole huge pages above: rounding every
// block to 2 MiB wasted 240 MB on SD 1.5's weights alone.
size_t block_bytes(size_t n) {
    const size_t step = n < (size_t(16) << 20) ? size_t(64) << 10 : kHugePage;
    return (n + step - 1) / step * step;
}

size_t round_up(size_t n, size_t to) {
    return (n + to - 1) / to * to;
}

// A mapping of `bytes` starting on a huge-page boundary, so the kernel can back all its whole
// huge pages with huge pages.
void* map_block(size_t bytes, bool huge_pages) {
    const size_t len = bytes + kHugePage;
    void* raw = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return nullptr;
    const auto begin = reinterpret_cast<uintptr_t>(raw);
    const uintptr_t start = round_up(begin, kHugePage);
    const size_t head = start - begin;
    const size_t tail = len - head - bytes;
    if (head) munmap(raw, head);
    if (tail) munmap(reinterpret_cast<void*>(start + bytes), tail);
    if (huge_pages) madvise(reinterpret_cast<void*>(start), bytes, MADV_HUGEPAGE);
    return reinterpret_cast<void*>(start);
}

class BlockPool {
  public:
    explicit BlockPool(const CpuAllocatorOptions& o) : options_(o) {}

    void* allocate(size_t n) {
        const size_t bytes = block_bytes(n);
        std::lock_guard<std::mutex> lock(mutex_);
        void* p = reuse(bytes);
        if (p) {
            ++stats_.hits;
        } else {
            ++stats_.misses;
            p = map_block(bytes, options_.huge_pages);
            if (!p) {
                evict_until(0);
                p = map_block(bytes, options_.huge_pages);
            }
            TORCH_CHECK(p, "Reverie's CPU allocator: can't allocate memory: you tried to allocate ",
                        n, " bytes.");
            stats_.mapped_bytes += bytes;
        }
        live_.emplace(p, bytes);
        return p;
    }

    // False when `p` is not one of ours.
    bool release(void* p) {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto it = live_.find(p);
        if (it == live_.end()) return false;
        const size_t bytes = it->second;
        live_.erase(it);
        if (bytes > options_.cache_limit_bytes) {
            unmap(p, bytes);
            return true;
        }
        const auto cached = by_size_.emplace(bytes, Cached{p, next_age_});
        by_age_.emplace(next_age_++, cached);
        stats_.cached_bytes += bytes;
        evict_until(options_.cache_limit_bytes);
        return true;
    }

    void empty() {
        std::lock_guard<std::mutex> lock(mutex_);
        evict_until(0);
    }

    CpuAllocatorStats stats() {
        std::lock_guard<std::mutex> lock(mutex_);
        return stats_;
    }

    size_t large_block_bytes() const { return options_.large_block_bytes; }

  private:
    struct Cached {
        void* ptr;
        uint64_t age;
    };
    using BySize = std::multimap<size_t, Cached>;

    // A cached block resized to `bytes`, or nullptr when nothing is cached. Within one denoising
    // step the sizes change from level to level, so exact matches alone miss about half the time;
    // resizing a mapping (mremap) keeps its resident pages, which is what costs to get back:
    // the smallest block that is large enough gives up its tail, else the largest one grows.
    void* reuse(size_t bytes) {
        if (by_size_.empty()) return nullptr;
        auto it = by_size_.lower_bound(bytes);
        if (it == by_size_.end()) it = std::prev(by_size_.end());
        const size_t have = it->first;
        void* p = take(it);
        if (have == bytes) return p;
        void* q = mremap(p, have, bytes, have > bytes ? 0 : MREMAP_MAYMOVE);
        if (q == MAP_FAILED) {
            unmap(p, have);
            return nullptr;
        }
        stats_.mapped_bytes = stats_.mapped_bytes - have + bytes;
        if (have < bytes && options_.huge_pages) madvise(q, bytes, MADV_HUGEPAGE);
        return q;
    }

    void* take(BySize::iterator it) {
        void* p = it->second.ptr;
        stats_.cached_bytes -= it->first;
        by_age_.erase(it->second.age);
        by_size_.erase(it);
        return p;
    }

    // Unmaps the oldest cached blocks until at most `limit` bytes stay cached.
    void evict_until(size_t limit) {
        while (stats_.cached_bytes > limit && !by_age_.empty()) {
            const auto it = by_age_.begin()->second;
            const size_t bytes = it->first;
            unmap(take(it), bytes);
        }
    }

    void unmap(void* p, size_t bytes) {
        munmap(p, bytes);
        stats_.mapped_bytes -= bytes;
    }

    const CpuAllocatorOptions options_;
    std::mutex mutex_;
    BySize by_size_;                               // cached blocks by size
    std::map<uint64_t, BySize::iterator> by_age_;  // the same, oldest first
    uint64_t next_age_ = 0;
    std::unordered_map<void*, size_t> live_;
    CpuAllocatorStats stats_;
};

BlockPool* g_pool = nullptr;

c10::Allocator* fallback() {
    return c10::GetDefaultCPUAllocator();
}

void free_block(void* p) {
    if (!p) return;
    // raw_allocate'd blocks of the fallback come back through our raw deleter too.
    if (!g_pool->release(p)) fallback()->raw_deleter()(p);
}

struct LargeBlockAllocator final : c10::Allocator {
    // LibTorch 2.3 made allocate() non-const and added copy_data(); declaring both forms of each
    // lets one source build against 1.13 and 2.x (the other form is an ordinary member).
    c10::DataPtr allocate(size_t n) const { return allocate_block(n); }
    c10::DataPtr allocate(size_t n) { return allocate_block(n); }
    void copy_data(void* dest, const void* src, std::size_t count) const {
        std::memcpy(dest, src, count);
    }
    c10::DeleterFnPtr raw_deleter() const { return &free_block; }

    static c10::DataPtr allocate_block(size_t n) {
        if (n < g_pool->large_block_bytes()) return fallback()->allocate(n);
        void* p = g_pool->allocate(n);
        return {p, p, &free_block, c10::Device(c10::DeviceType::CPU)};
    }
};

LargeBlockAllocator g_allocator;
std::once_flag g_install;

}  // namespace

bool install_cpu_allocator(const CpuAllocatorOptions& options) {
#ifdef REVERIE_ASAN
    (void)options;
    return false;
#else
    std::call_once(g_install, [&] {
        // Never freed: tensors may outlive main()'s locals and reach the pool from static
        // destructors.
        g_pool = new BlockPool(options);
        c10::SetCPUAllocator(&g_allocator, /*priority=*/1);
    });
    return true;
#endif
}

bool cpu_allocator_installed() {
    return g_pool != nullptr;
}

CpuAllocatorStats cpu_allocator_stats() {
    return g_pool ? g_pool->stats() : CpuAllocatorStats{};
}

void empty_cpu_allocator_cache() {
    if (g_pool) g_pool->empty();
}

}  // namespace reverie
