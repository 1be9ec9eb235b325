#include "core/io/asset_download.h"

#include <curl/curl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>

#include "core/common/error.h"
#include "core/io/sha256.h"

namespace fs = std::filesystem;

namespace reverie::io {
namespace {

// Assets are a few MB; an unknown-size download larger than this is not the file we asked for.
constexpr int64_t kUnknownSizeLimit = int64_t(512) << 20;

void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// A temporary file in the destination folder (so the final rename stays on one file system),
// deleted unless it was moved into place.
class PartFile {
  public:
    explicit PartFile(const fs::path& final_path) {
        std::string pattern =
            (final_path.parent_path() / ("." + final_path.filename().string() + ".part.XXXXXX"))
                .string();
        const int fd = ::mkstemp(pattern.data());
        if (fd < 0)
            throw Error("cannot create a file in '" + final_path.parent_path().string() +
                        "' (is it writable?)");
        ::fchmod(fd, 0644);
        path_ = pattern;
        file_ = ::fdopen(fd, "wb");
        if (!file_) {
            ::close(fd);
            throw Error("cannot write '" + path_ + "'");
        }
    }
    ~PartFile() {
        if (file_) std::fclose(file_);
        if (!path_.empty()) ::unlink(path_.c_str());
    }
    PartFile(const PartFile&) = delete;
    PartFile& operator=(const PartFile&) = delete;

    FILE* file() const { return file_; }

    // Flushes to disk, then renames onto `final_path` atomically.
    void commit(const fs::path& final_path) {
        const bool flushed = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
        const bool closed = std::fclose(file_) == 0;
        file_ = nullptr;
        if (!flushed || !closed) throw Error("cannot finish writing '" + path_ + "' (disk full?)");
        if (std::rename(path_.c_str(), final_path.c_str()) != 0)
            throw Error("cannot move the download into place as '" + final_path.string() + "'");
        path_.clear();
    }

  private:
    std::string path_;
    FILE* file_ = nullptr;
};

struct Sink {
    FILE* file = nullptr;
    Sha256 hash;
    int64_t received = 0;
    int64_t limit = 0;
    int64_t total = -1;
    bool too_big = false;
    bool write_failed = false;
    const std::function<void(int64_t, int64_t)>* progress = nullptr;
};

size_t on_data(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const size_t n = size * count;
    if (sink->received + int64_t(n) > sink->limit) {
        sink->too_big = true;
        return 0;  // makes libcurl abort the transfer
    }
    if (std::fwrite(data, 1, n, sink->file) != n) {
        sink->write_failed = true;
        return 0;
    }
    sink->hash.update(data, n);
    sink->received += int64_t(n);
    if (*sink->progress) (*sink->progress)(sink->received, sink->total);
    return n;
}

void transfer(const std::string& url, Sink& sink) {
    init_curl_once();
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) throw Error("libcurl could not start a download");
    char errbuf[CURL_ERROR_SIZE] = {0};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);  // both hubs redirect to their CDNs
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    // A stalled connection (under 1 KB/s for a minute) is abandoned rather than hanging forever.
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "reverie/" REVERIE_VERSION);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    const CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) return;
    if (sink.too_big)
        throw Error("'" + url + "' is larger than expected (over " + std::to_string(sink.limit) +
                    " bytes); refused");
    if (sink.write_failed) throw Error("cannot write the download to disk (disk full?)");
    if (rc == CURLE_HTTP_RETURNED_ERROR) {
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        throw Error("downloading '" + url + "' failed: HTTP " + std::to_string(status));
    }
    throw Error("downloading '" + url + "' failed: " +
                (errbuf[0] ? std::string(errbuf) : std::string(curl_easy_strerror(rc))) +
                " (check the network connection, or use --url-base with a mirror)");
}

}  // namespace

std::string asset_url(const AssetSpec& spec, const std::string& url_base) {
    if (url_base.empty()) return spec.url;
    std::string base = url_base;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/" + spec.relative_path;
}

DownloadResult download_asset(const AssetSpec& spec, const DownloadOptions& options) {
    if (options.dest_dir.empty())
        throw Error("no folder to store assets in (set XDG_DATA_HOME or HOME, or pass --dest)");
    const fs::path final_path = fs::path(options.dest_dir) / spec.relative_path;
    const bool known_hash = !spec.sha256.empty();

    DownloadResult result;
    result.path = final_path.string();
    std::error_code ec;
    if (fs::is_regular_file(final_path, ec)) {
        const std::string have = sha256_hex_of_file(final_path.string());
        if (!known_hash || have == spec.sha256) {
            result.sha256 = have;
            result.bytes = int64_t(fs::file_size(final_path));
            result.verified = known_hash;
            result.already_present = true;
            return result;
        }
    }
    if (!known_hash && !options.trust_unverified)
        throw Error("no trusted SHA-256 is known for '" + spec.relative_path + "' (" +
                    spec.purpose +
                    "), so a download could not be checked; pass --trust-unverified to store it "
                    "anyway (its SHA-256 is printed for you to compare with upstream)");

    fs::create_directories(final_path.parent_path(), ec);
    if (ec)
        throw Error("cannot create '" + final_path.parent_path().string() + "': " + ec.message());
    const std::string url = asset_url(spec, options.url_base);
    PartFile part(final_path);
    Sink sink;
    sink.file = part.file();
    sink.limit = spec.size >= 0 ? spec.size : kUnknownSizeLimit;
    sink.total = spec.size;
    sink.progress = &options.progress;
    transfer(url, sink);

    result.bytes = sink.received;
    result.sha256 = sink.hash.hex_digest();
    if (spec.size >= 0 && sink.received != spec.size)
        throw Error("'" + url + "' sent " + std::to_string(sink.received) + " bytes, expected " +
                    std::to_string(spec.size) + "; the download was incomplete or is not the " +
                    "upstream file. Nothing was saved; try again.");
    if (known_hash && result.sha256 != spec.sha256)
        throw Error("'" + url + "' has SHA-256 " + result.sha256 + ", expected " + spec.sha256 +
                    ": corrupted in transit or changed upstream. Nothing was saved; try again, and "
                    "report it if it persists.");
    part.commit(final_path);
    result.verified = known_hash;
    return result;
}

}  // namespace reverie::io
