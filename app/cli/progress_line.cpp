#include "app/cli/progress_line.h"

#include <unistd.h>

#include <cstdio>

namespace reverie::cli {

ProgressLine::ProgressLine(std::chrono::milliseconds log_interval)
    : tty_(::isatty(::fileno(stderr)) != 0), log_interval_(log_interval) {}

void ProgressLine::update(const std::string& text, bool last) {
    if (tty_) {
        std::fprintf(stderr, "\r%s%s", text.c_str(), last ? "\n" : "");
        std::fflush(stderr);
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (!last && logged_any_ && now - last_logged_ < log_interval_) return;
    last_logged_ = now;
    logged_any_ = true;
    std::fprintf(stderr, "%s\n", text.c_str());
    std::fflush(stderr);
}

}  // namespace reverie::cli
