#pragma once
// Progress on stderr. On a terminal, one line redrawn in place with a carriage return; in a log or
// a pipe (stderr not a TTY) carriage returns would fold the whole run into one long line, so each
// update becomes a line of its own, at most one per `log_interval` (the last one always).
#include <chrono>
#include <string>

namespace reverie::cli {

class ProgressLine {
  public:
    explicit ProgressLine(std::chrono::milliseconds log_interval = std::chrono::milliseconds(0));

    // `last`: the final update of this progress (ends the terminal's line).
    void update(const std::string& text, bool last = false);

  private:
    bool tty_;
    std::chrono::milliseconds log_interval_;
    std::chrono::steady_clock::time_point last_logged_{};
    bool logged_any_ = false;
};

}  // namespace reverie::cli
