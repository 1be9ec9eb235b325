#pragma once
// A read-only file mapped privately into memory (pages copy on write), unmapped on destruction.
#include <cstddef>
#include <cstdint>
#include <string>

namespace reverie::io {

class MappedFile {
  public:
    explicit MappedFile(const std::string& path);  // throws reverie::Error
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return static_cast<const uint8_t*>(addr_); }
    uint8_t* mutable_data() const { return static_cast<uint8_t*>(addr_); }
    uint64_t size() const { return size_; }

  private:
    void* addr_ = nullptr;
    uint64_t size_ = 0;
};

}  // namespace reverie::io
