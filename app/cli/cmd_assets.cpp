// reverie-cli assets status|fetch: which of the files Reverie cannot ship are present, and
// downloading them from upstream with their SHA-256 checked.
#include <unistd.h>

#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/common/error.h"
#include "core/io/asset_download.h"
#include "core/io/asset_manifest.h"
#include "core/io/asset_resolver.h"
#include "core/io/sha256.h"

namespace reverie::cli {

namespace {

constexpr const char* kUsage =
    "usage: reverie-cli assets status\n"
    "       reverie-cli assets fetch [--only NAME] [--dest DIR] [--url-base URL] "
    "[--trust-unverified]\n"
    "  status  what is present, where, and whether it is the upstream file\n"
    "  fetch   download missing assets from upstream into the user's data folder (or --dest);\n"
    "          NAME is an asset (clip-vocab, clip-merges, taesd-decoder, taesd-encoder) or a\n"
    "          group (clip, taesd); --url-base fetches URL/<group>/<file> instead (a mirror);\n"
    "          assets without a known SHA-256 are only fetched with --trust-unverified";

int status() {
    const io::AssetResolver resolver;
    std::printf("%-14s %-10s %s\n", "asset", "state", "file");
    for (const auto& spec : io::known_assets()) {
        const auto path = resolver.find(spec.relative_path);
        std::string state = "missing";
        if (path) {
            if (spec.sha256.empty())
                state = "unverified";
            else
                state = io::sha256_hex_of_file(*path) == spec.sha256 ? "ok" : "MODIFIED";
        }
        std::printf("%-14s %-10s %s\n", spec.name.c_str(), state.c_str(),
                    path ? path->c_str() : spec.relative_path.c_str());
    }
    std::printf(
        "\nok: the upstream file; unverified: present, but no upstream SHA-256 is known to check "
        "it;\nMODIFIED: present but not the upstream file (used as it is). Downloads go to %s.\n",
        io::user_assets_dir().empty() ? "(no user data folder: set HOME)"
                                      : io::user_assets_dir().c_str());
    std::printf("Searched, in order:");
    for (const auto& d : resolver.search_dirs()) std::printf("\n  %s", d.c_str());
    std::printf("\n");
    return 0;
}

int fetch(const Args& args) {
    io::DownloadOptions options;
    options.dest_dir = args.get_or("dest", io::user_assets_dir());
    options.url_base = args.get_or("url-base", "");
    options.trust_unverified = args.flag("trust-unverified");
    const auto only = args.get("only");
    const bool tty = ::isatty(::fileno(stderr));
    int failures = 0;
    for (const auto& spec : io::select_assets(only.value_or(""))) {
        // Fetching everything skips what cannot be checked instead of failing every time; naming
        // such an asset with --only makes the refusal an error.
        if (spec.sha256.empty() && !options.trust_unverified && !only) {
            std::printf(
                "%-14s skipped: no upstream SHA-256 known (--trust-unverified fetches it)\n",
                spec.name.c_str());
            continue;
        }
        options.progress = [&](int64_t got, int64_t total) {
            if (!tty) return;
            if (total > 0)
                std::fprintf(stderr, "\r%-14s %3d%%", spec.name.c_str(), int(100 * got / total));
            else
                std::fprintf(stderr, "\r%-14s %lld KB", spec.name.c_str(), (long long)(got >> 10));
        };
        try {
            const auto r = io::download_asset(spec, options);
            if (tty) std::fprintf(stderr, "\r%-30s\r", "");
            if (r.already_present)
                std::printf("%-14s already present: %s\n", spec.name.c_str(), r.path.c_str());
            else if (r.verified)
                std::printf("%-14s saved %s (%lld bytes, SHA-256 verified)\n", spec.name.c_str(),
                            r.path.c_str(), (long long)r.bytes);
            else
                std::printf("%-14s saved %s (%lld bytes, UNVERIFIED: SHA-256 %s)\n",
                            spec.name.c_str(), r.path.c_str(), (long long)r.bytes,
                            r.sha256.c_str());
        } catch (const Error& e) {
            if (tty) std::fprintf(stderr, "\n");
            std::fprintf(stderr, "error: %s: %s\n", spec.name.c_str(), e.what());
            ++failures;
        }
    }
    return failures ? 1 : 0;
}

}  // namespace

int cmd_assets(const CommandArgs& argv) {
    Args args(argv, {"only", "dest", "url-base"}, {"trust-unverified", "help"});
    if (args.flag("help")) {
        std::printf("%s\n", kUsage);
        return 0;
    }
    const auto& pos = args.positional();
    if (pos.size() != 1 || (pos[0] != "status" && pos[0] != "fetch"))
        throw Error("usage: reverie-cli assets status|fetch (see assets --help)");
    if (pos[0] == "status") {
        if (args.get("only") || args.get("dest") || args.get("url-base") ||
            args.flag("trust-unverified"))
            throw Error("assets status takes no options (see assets --help)");
        return status();
    }
    return fetch(args);
}

}  // namespace reverie::cli
