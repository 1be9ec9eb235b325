#include "core/io/sha256.h"

#include <openssl/evp.h>

#include <cstdio>
#include <memory>

#include "core/common/error.h"

namespace reverie::io {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr) != 1)
        throw Error("OpenSSL could not start a SHA-256 digest");
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_));
}

void Sha256::update(const void* data, size_t size) {
    if (finished_) throw Error("internal: SHA-256 updated after its digest was taken");
    if (EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data, size) != 1)
        throw Error("OpenSSL failed while computing a SHA-256 digest");
}

std::string Sha256::hex_digest() {
    if (finished_) throw Error("internal: SHA-256 digest taken twice");
    finished_ = true;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), digest, &n) != 1)
        throw Error("OpenSSL failed while finishing a SHA-256 digest");
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(2 * n);
    for (unsigned int i = 0; i < n; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

std::string sha256_hex(const std::string& bytes) {
    Sha256 h;
    h.update(bytes.data(), bytes.size());
    return h.hex_digest();
}

std::string sha256_hex_of_file(const std::string& path) {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) throw Error("cannot read '" + path + "' to check its SHA-256");
    Sha256 h;
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) h.update(buf, n);
    if (std::ferror(f.get()))
        throw Error("read error in '" + path + "' while checking its SHA-256");
    return h.hex_digest();
}

}  // namespace reverie::io
