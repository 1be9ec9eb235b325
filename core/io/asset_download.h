#pragma once
// Downloads an asset over HTTP(S) with libcurl and checks it before it is used: the bytes go to a
// temporary file beside the destination, are hashed as they arrive, and the file is renamed onto
// its real name only when size and SHA-256 match the manifest. A failed, truncated or corrupted
// download therefore never leaves a partial or wrong file where AssetResolver would find it.
#include <cstdint>
#include <functional>
#include <string>

#include "core/io/asset_manifest.h"

namespace reverie::io {

struct DownloadOptions {
    std::string dest_dir;           // an assets folder; the file goes to dest_dir/relative_path
    std::string url_base;           // non-empty: fetch url_base/relative_path (a mirror, tests)
    bool trust_unverified = false;  // store assets whose SHA-256 is unknown
    // Called as data arrives; total is -1 when the size is not known in advance.
    std::function<void(int64_t received, int64_t total)> progress;
};

struct DownloadResult {
    std::string path;
    std::string sha256;
    int64_t bytes = 0;
    bool verified = false;         // the SHA-256 matched the manifest
    bool already_present = false;  // a matching copy was already there: nothing was downloaded
};

// Where `spec` is fetched from given DownloadOptions::url_base.
std::string asset_url(const AssetSpec& spec, const std::string& url_base);

// Throws reverie::Error on an HTTP or network failure, a size or hash mismatch (nothing is written
// then, and an existing file is left as it was), or an unknown hash without trust_unverified
// (refused before anything is downloaded).
DownloadResult download_asset(const AssetSpec& spec, const DownloadOptions& options);

}  // namespace reverie::io
