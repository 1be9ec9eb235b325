#pragma once
// What the fuzz targets share. The rule they enforce: a parser given hostile bytes may only fail
// with reverie::Error (a message naming the problem). Anything else that escapes — another
// exception, a crash, a sanitizer report, a hang — is a bug, and libFuzzer stops on it.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>

#include "core/common/error.h"

namespace reverie::fuzz {

// A file name of this process's own under the temporary folder, for parsers that read paths.
inline std::string temp_path(const std::string& name) {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/reverie-fuzz-" + std::to_string(::getpid()) +
           "-" + name;
}

inline void write_file(const std::string& path, const char* data, size_t size) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(data, static_cast<std::streamsize>(size));
}

// Splits `input` at the first `marker`: inputs that stand for two files (vocab + merges, a
// checkpoint + its yaml) keep both in one corpus entry. No marker: everything is the first part.
inline std::pair<std::string, std::string> split_at(const std::string& input,
                                                    const std::string& marker) {
    const size_t at = input.find(marker);
    if (at == std::string::npos) return {input, ""};
    return {input.substr(0, at), input.substr(at + marker.size())};
}

// Runs `parse`: refusing the input with reverie::Error is fine, anything else escapes to libFuzzer.
template <typename Parse>
void attempt(Parse&& parse) {
    try {
        parse();
    } catch (const Error&) {
    }
}

// An invariant the parser promised and broke: report and stop, so the input is kept.
inline void expect(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

}  // namespace reverie::fuzz
