#include "core/io/asset_resolver.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "core/common/error.h"
#include "core/io/asset_manifest.h"

namespace fs = std::filesystem;

namespace reverie::io {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

}  // namespace

std::string user_assets_dir() {
    std::string data_home = env("XDG_DATA_HOME");
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if (!data_home.empty() && data_home[0] != '/') data_home.clear();
    if (data_home.empty() && !env("HOME").empty()) data_home = env("HOME") + "/.local/share";
    return data_home.empty() ? std::string() : data_home + "/reverie/assets";
}

AssetResolver::AssetResolver(std::string model_dir) : model_dir_(std::move(model_dir)) {}

std::vector<std::string> AssetResolver::search_dirs() const {
    std::vector<std::string> dirs;
    if (auto d = env("REVERIE_ASSETS_DIR"); !d.empty()) dirs.push_back(d);
    if (!model_dir_.empty()) dirs.push_back(model_dir_);
    if (auto d = user_assets_dir(); !d.empty()) dirs.push_back(d);
    std::string data_dirs = env("XDG_DATA_DIRS");
    if (data_dirs.empty()) data_dirs = "/usr/local/share:/usr/share";
    std::stringstream ss(data_dirs);
    for (std::string d; std::getline(ss, d, ':');)
        if (!d.empty()) dirs.push_back(d + "/reverie/assets");
    dirs.push_back(
        (fs::path(REVERIE_SOURCE_DIR) / ".." / "shared" / "assets").lexically_normal().string());
    return dirs;
}

std::optional<std::string> AssetResolver::find(const std::string& relative) const {
    for (const auto& dir : search_dirs()) {
        std::error_code ec;
        fs::path p = fs::path(dir) / relative;
        if (fs::is_regular_file(p, ec)) return p.string();
    }
    return std::nullopt;
}

std::string AssetResolver::require(const std::string& relative, const std::string& purpose) const {
    if (auto p = find(relative)) return *p;
    std::string msg = "cannot find '" + relative + "' (" + purpose + "); looked in";
    const auto dirs = search_dirs();
    for (size_t i = 0; i < dirs.size(); ++i) msg += (i ? ", " : " ") + dirs[i];
    std::string fetch_name;
    for (const auto& spec : known_assets())
        if (spec.relative_path == relative) fetch_name = spec.name;
    msg += fetch_name.empty() ? ". Put"
                              : ". Run `reverie-cli assets fetch --only " + fetch_name +
                                    "` to download it, or put";
    msg += " the file in one of these folders, or set REVERIE_ASSETS_DIR to the folder holding it.";
    throw Error(msg);
}

}  // namespace reverie::io
