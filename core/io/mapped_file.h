#pragma once
// A read-only file in memory, released on destruction: either mapped privately (pages copy on
// write; nothing is read until used) or copied.
//
// Mapping is the default because checkpoints are gigabytes and most of a file is read once, but
// a mapped file that shrinks afterwards (truncated, or rewritten in place by another program)
// kills the process with SIGBUS at the next touch of a page past its new end: no error can be
// raised there, and a signal handler cannot safely resume inside torch. Copying reads the whole
// file up front and is immune; ask for it with LoadMode::Copy or REVERIE_COPY_ON_LOAD=1 (for
// files on network shares or being written by other tools).
#include <cstddef>
#include <cstdint>
#include <string>

namespace reverie::io {

enum class LoadMode { Map, Copy };

// Copy when the environment sets REVERIE_COPY_ON_LOAD to anything but "" or "0", else Map.
LoadMode default_load_mode();

class MappedFile {
  public:
    // Throws reverie::Error naming the file and the problem (also when, copying, the file
    // changed size while it was read).
    explicit MappedFile(const std::string& path, LoadMode mode = default_load_mode());
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return static_cast<const uint8_t*>(addr_); }
    uint8_t* mutable_data() const { return static_cast<uint8_t*>(addr_); }
    uint64_t size() const { return size_; }
    LoadMode mode() const { return mode_; }

    // Gives back to the system the resident pages lying wholly inside [p, p + bytes), which must
    // be inside this file, and returns how many bytes it gave back. Only pages still as the file
    // has them go (checked in /proc/self/pagemap): they come back from the file when read again,
    // so no value changes. Pages written since mapping (copy-on-write, now the only copy of what
    // was written), a copied file's pages, and every page where the check is unavailable
    // (another OS) stay.
    uint64_t release_pages(const void* p, uint64_t bytes) const;

  private:
    void* addr_ = nullptr;
    uint64_t size_ = 0;
    LoadMode mode_ = LoadMode::Map;
};

}  // namespace reverie::io
