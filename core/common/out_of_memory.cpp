#include "core/common/out_of_memory.h"

#include "core/common/cpu_allocator.h"

#include <c10/util/Exception.h>
#include <malloc.h>

#include <cstring>
#include <new>

#ifdef REVERIE_HAS_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#include <torch/cuda.h>
#endif

namespace reverie {

bool is_out_of_memory(const std::exception& e) {
    if (dynamic_cast<const std::bad_alloc*>(&e)) return true;
    if (dynamic_cast<const c10::OutOfMemoryError*>(&e)) return true;
    // LibTorch 1.13's CPU allocator throws a plain c10::Error; CUDA builds older than the
    // OutOfMemoryError type say "out of memory".
    if (const auto* engine = dynamic_cast<const c10::Error*>(&e)) {
        const char* what = engine->what_without_backtrace();
        return std::strstr(what, "can't allocate memory") || std::strstr(what, "out of memory");
    }
    return false;
}

void release_cached_memory() {
#ifdef REVERIE_HAS_CUDA
    if (torch::cuda::is_available()) c10::cuda::CUDACachingAllocator::emptyCache();
#endif
    empty_cpu_allocator_cache();
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace reverie
