#pragma once
#include <string>

namespace reverie {

// "0.1.0 (LibTorch 1.13.0, CPU)" — what --version prints.
std::string version_string();

}  // namespace reverie
