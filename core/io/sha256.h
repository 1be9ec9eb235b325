#pragma once
// SHA-256 (OpenSSL's libcrypto) for verifying downloaded assets. Streaming, so a download is hashed
// as it arrives and never read twice.
#include <cstddef>
#include <string>

namespace reverie::io {

class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, size_t size);
    // Lower-case hex of the digest; the object cannot be updated afterwards.
    std::string hex_digest();

  private:
    void* ctx_;
    bool finished_ = false;
};

std::string sha256_hex(const std::string& bytes);
// Throws reverie::Error when the file cannot be read.
std::string sha256_hex_of_file(const std::string& path);

}  // namespace reverie::io
