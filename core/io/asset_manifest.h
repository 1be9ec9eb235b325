#pragma once
// The assets Reverie may need but cannot ship, where upstream publishes them and the SHA-256 that
// proves a download is the upstream file. `reverie-cli assets fetch` downloads from here; the
// relative paths are the names AssetResolver looks up.
#include <cstdint>
#include <string>
#include <vector>

namespace reverie::io {

struct AssetSpec {
    std::string name;           // what --only takes, e.g. "clip-vocab"
    std::string relative_path;  // below an assets folder, e.g. "clip/vocab.json"
    std::string url;            // upstream
    std::string sha256;         // lower-case hex; empty when no trustworthy hash is known
    int64_t size = -1;          // bytes; -1 when unknown
    std::string purpose;        // for messages
    std::string license;        // upstream's licence, for `assets status`

    // The group before the first '/' ("clip", "taesd"); --only accepts it too.
    std::string group() const;
};

const std::vector<AssetSpec>& known_assets();

// The assets `--only SELECTOR` names: one asset by name, or a whole group. Empty selector: all.
// Throws reverie::Error listing the valid names when nothing matches.
std::vector<AssetSpec> select_assets(const std::string& selector);

}  // namespace reverie::io
