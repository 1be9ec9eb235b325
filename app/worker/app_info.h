#pragma once
#include <QString>

namespace reverie::app {

// The engine's version as the GUI shows it.
QString engine_version();

}  // namespace reverie::app
