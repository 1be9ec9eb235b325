#include "core/io/builtin_model.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "core/common/error.h"

namespace fs = std::filesystem;

namespace reverie::io {

std::vector<std::string> builtin_model_candidates() {
    const std::string sub = std::string("reverie/models/") + kBuiltinModelName;
    std::vector<std::string> dirs;
    if (const char* v = std::getenv("REVERIE_BUILTIN_MODEL"); v && *v) dirs.emplace_back(v);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) dirs.push_back((exe.parent_path() / ".." / "share" / sub).lexically_normal().string());
    std::string data_dirs = std::getenv("XDG_DATA_DIRS") ? std::getenv("XDG_DATA_DIRS") : "";
    if (data_dirs.empty()) data_dirs = "/usr/local/share:/usr/share";
    std::stringstream ss(data_dirs);
    for (std::string d; std::getline(ss, d, ':');)
        if (!d.empty()) dirs.push_back(d + "/" + sub);
    dirs.push_back((fs::path(REVERIE_SOURCE_DIR) / "resources" / "models" / kBuiltinModelName)
                       .lexically_normal()
                       .string());
    return dirs;
}

std::string builtin_model_path() {
    const auto dirs = builtin_model_candidates();
    for (const auto& d : dirs) {
        std::error_code ec;
        if (fs::is_regular_file(fs::path(d) / "model_index.json", ec)) return d;
    }
    std::string msg =
        std::string("the built-in model '") + kBuiltinModelName + "' is not installed; looked in";
    for (size_t i = 0; i < dirs.size(); ++i) msg += (i ? ", " : " ") + dirs[i];
    msg += ". Reinstall Reverie, set REVERIE_BUILTIN_MODEL, or choose a model of your own.";
    throw Error(msg);
}

}  // namespace reverie::io
