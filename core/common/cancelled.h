#pragma once
// Thrown when the user stops a running job. It is an Error so generic handlers still catch it, but
// callers that care (the job runner, the UI) catch it first and report "cancelled", not a failure.
#include "core/common/error.h"

namespace reverie {

class Cancelled : public Error {
  public:
    Cancelled() : Error("Cancelled by the user.") {}
    explicit Cancelled(const std::string& message) : Error(message) {}
};

}  // namespace reverie
