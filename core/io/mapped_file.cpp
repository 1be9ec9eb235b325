#include "core/io/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

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

}  // namespace

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
