#pragma once
// The one exception type of the engine: every message is written for the user to act on.
#include <stdexcept>
#include <string>

namespace reverie {

class Error : public std::runtime_error {
  public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace reverie
