#include "core/io/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/common/error.h"

namespace reverie::io {
namespace {

// Reads exactly `size` bytes; a short read means the file shrank since fstat.
void read_all(int fd, uint8_t* out, uint64_t size, const std::string& path) {
    uint64_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(fd, out + done, size - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error("cannot read '" + path + "': " + std::strerror(errno));
        if (n == 0)
            throw Error("'" + path + "' shrank from " + std::to_string(size) + " to " +
                        std::to_string(done) + " bytes while it was being read");
        done += static_cast<uint64_t>(n);
    }
    char extra = 0;
    if (::pread(fd, &extra, 1, static_cast<off_t>(size)) > 0)
        throw Error("'" + path + "' grew while it was being read");
}

#ifdef __linux__
// /proc/self/pagemap: one 64-bit entry per page. Bit 62: swapped out; bit 61: a file page (or
// shared anonymous); bit 63: present. A page of a private file mapping that was written is an
// anonymous page (present without bit 61, or swapped).
constexpr uint64_t kSwapped = uint64_t(1) << 62, kFilePage = uint64_t(1) << 61,
                   kPresent = uint64_t(1) << 63;

bool is_clean(uint64_t entry) {
    if (entry & kSwapped) return false;
    return !(entry & kPresent) || (entry & kFilePage);
}

// madvise(DONTNEED) on every run of clean pages among the `count` pages from `first`.
uint64_t drop_clean_pages(uintptr_t first, uint64_t count, uint64_t page) {
    const int fd = ::open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    std::vector<uint64_t> entries(8192);
    uint64_t dropped = 0;
    auto drop = [&](uint64_t from, uint64_t to) {  // page indices from `first`
        if (to > from && ::madvise(reinterpret_cast<void*>(first + from * page), (to - from) * page,
                                   MADV_DONTNEED) == 0)
            dropped += (to - from) * page;
    };
    uint64_t run = 0;  // start of the current run of clean pages
    for (uint64_t done = 0; done < count;) {
        const uint64_t n = std::min<uint64_t>(entries.size(), count - done);
        const off_t at = off_t((first / page + done) * sizeof(uint64_t));
        const ssize_t got = ::pread(fd, entries.data(), n * sizeof(uint64_t), at);
        if (got != ssize_t(n * sizeof(uint64_t))) {
            count = done;  // unreadable: keep the rest
            break;
        }
        for (uint64_t i = 0; i < n; ++i)
            if (!is_clean(entries[i])) {
                drop(run, done + i);
                run = done + i + 1;
            }
        done += n;
    }
    drop(run, count);
    ::close(fd);
    return dropped;
}
#endif

}  // namespace

uint64_t MappedFile::release_pages(const void* p, uint64_t bytes) const {
#ifdef __linux__
    const auto lo = reinterpret_cast<uintptr_t>(p), hi = lo + bytes;
    const auto base = reinterpret_cast<uintptr_t>(addr_);
    if (mode_ != LoadMode::Map || !addr_ || lo < base || hi > base + size_ || hi < lo) return 0;
    const uint64_t page = uint64_t(::sysconf(_SC_PAGESIZE));
    const uintptr_t first = (lo + page - 1) / page * page, last = hi / page * page;
    if (last <= first) return 0;
    return drop_clean_pages(first, (last - first) / page, page);
#else
    (void)p;
    (void)bytes;
    return 0;
#endif
}

LoadMode default_load_mode() {
    const char* env = std::getenv("REVERIE_COPY_ON_LOAD");
    return env && *env && std::strcmp(env, "0") != 0 ? LoadMode::Copy : LoadMode::Map;
}

MappedFile::MappedFile(const std::string& path, LoadMode mode) : mode_(mode) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error("cannot open '" + path + "': " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error("'" + path + "' is not a regular file");
    }
    size_ = static_cast<uint64_t>(st.st_size);
    if (size_ > 0) {
        // Copies go to anonymous pages: page-aligned like a mapping, so tensors stay zero-copy
        // views either way, and released the same way.
        addr_ = mode == LoadMode::Map
                    ? ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0)
                    : ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                             -1, 0);
        if (addr_ == MAP_FAILED) {
            int err = errno;
            ::close(fd);
            addr_ = nullptr;
            throw Error("cannot " + std::string(mode == LoadMode::Map ? "memory-map" : "allocate") +
                        " '" + path + "' (" + std::to_string(size_) +
                        " bytes): " + std::strerror(err));
        }
        if (mode == LoadMode::Copy) {
            try {
                read_all(fd, static_cast<uint8_t*>(addr_), size_, path);
            } catch (...) {
                ::munmap(addr_, size_);
                ::close(fd);
                throw;
            }
        }
    }
    ::close(fd);
}

MappedFile::~MappedFile() {
    if (addr_) ::munmap(addr_, size_);
}

}  // namespace reverie::io
