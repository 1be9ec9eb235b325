#include "core/common/allocator_tuning.h"

#include <malloc.h>

#include <cstdlib>
#include <cstring>

#include "core/common/cpu_allocator.h"

namespace reverie {

void tune_allocator(size_t mmap_threshold, size_t trim_threshold) {
    const char* choice = std::getenv("REVERIE_CPU_ALLOCATOR");
    if (!choice || std::strcmp(choice, "malloc") != 0) install_cpu_allocator();
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, int(mmap_threshold));
    mallopt(M_TRIM_THRESHOLD, int(trim_threshold));
#else
    (void)mmap_threshold;
    (void)trim_threshold;
#endif
}

}  // namespace reverie
